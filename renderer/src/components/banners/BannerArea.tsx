// The one place above every view for what the person must know: the most urgent reason calls cannot reach
// this PC, then what catch-up fetched after the PC was off.

import type { CatchUpStatus } from '../../../../shared/api';
import { useOutageNotice } from '../../data/catchUp';
import type { Health } from '../../data/health';
import { useNow } from '../../data/time';
import type { TunnelState } from '../../data/tunnel';
import type { View } from '../../model/route';
import { windowProblems, type ProblemAction } from '../../model/windowProblems';
import { OutageNotice } from './OutageNotice';
import { ProblemBanner } from './ProblemBanner';

interface Props {
  health: Health;
  tunnel: TunnelState;
  catchUp: CatchUpStatus | null;
  view: View;
  onAction(action: ProblemAction): void;
}

export function BannerArea({ health, tunnel, catchUp, view, onAction }: Props) {
  // While reconnecting, the banner is due once the grace period ends: a coarse clock would show it late.
  const now = useNow(tunnel.status?.state === 'reconnecting' ? 2000 : 30_000);
  const { database, secrets, calls } = health;
  const problems = windowProblems({ database, secrets, callsStored: calls, tunnel: tunnel.status, catchUp, view, now });
  const { outage, dismiss } = useOutageNotice(catchUp, now);
  return (
    <>
      <ProblemBanner problems={problems} tunnel={tunnel} onAction={onAction} />
      {outage && catchUp && <OutageNotice outage={outage} provider={catchUp.provider} onDismiss={dismiss} />}
    </>
  );
}
