// Why calls cannot reach this PC, most urgent first: the window shows the first in its one banner area and
// names the rest, instead of stacking a banner per problem.

import type { CatchUpStatus, HealthProblem, SecretProblem, TunnelStatus } from '../../../shared/api';
import type { View } from './route';

/** The call database refuses calls: what the core's health says. */
export interface DatabaseNotice {
  kind: HealthProblem;
  /** The core's sentence: what is wrong, where the file is, and what to do. */
  text: string;
}

export type ProblemKind = 'database' | 'no-public-url' | 'public-url-down' | 'url-changed' | 'catch-up-refused' | 'secrets';

/** Where the banner's button leads (the URL-changed banner has its own buttons). */
export type ProblemAction = 'open-public-url' | 'open-catch-up-settings';

export interface WindowProblem {
  kind: ProblemKind;
  title: string;
  /** What is wrong and what to do, a paragraph each. */
  text: string[];
  action: ProblemAction | null;
}

export interface WindowProblemInputs {
  database: DatabaseNotice | null;
  secrets: SecretProblem[];
  /** Calls stored (null: not known): once one came in, a PC without a tunnel has an address of its own. */
  callsStored: number | null;
  tunnel: TunnelStatus | null;
  catchUp: Pick<CatchUpStatus, 'provider' | 'state' | 'error'> | null;
  view: View;
  now: number;
}

const DATABASE_TITLES: Record<HealthProblem, string> = {
  damaged: 'The call database is damaged',
  lost: 'The call database is gone',
  'cannot-open': 'Call Alerts cannot open its call database',
  restarting: 'Call Alerts is restarting its call database',
};

/** A tunnel that drops and comes back within this long (the PC waking, a router blip) is not worth a banner. */
export const DOWN_GRACE_MS = 30_000;

export const PROVIDER_NAMES: Record<Exclude<CatchUpStatus['provider'], 'off'>, string> = {
  'marketing-edge': 'Marketing Edge',
  telmetrics: 'Telmetrics',
};

function catchUpLine(catchUp: WindowProblemInputs['catchUp']): string {
  if (!catchUp || catchUp.provider === 'off') {
    return 'Calls made meanwhile are not kept: set up catch-up in Settings so Call Alerts can fetch them later.';
  }
  if (catchUp.state === 'failed') return 'Catch-up cannot fetch them later either until its problem is fixed (see Settings).';
  return `Calls made meanwhile are fetched from ${PROVIDER_NAMES[catchUp.provider]} later, but they do not ring here.`;
}

function tunnelDown(tunnel: TunnelStatus, now: number): boolean {
  if (tunnel.state === 'failed') return true;
  return tunnel.state === 'reconnecting' && now - Date.parse(tunnel.since) >= DOWN_GRACE_MS;
}

/** Every problem that stops or degrades calls, most urgent first; the Public URL view shows the tunnel's own state itself. */
export function windowProblems({ database, secrets, callsStored, tunnel, catchUp, view, now }: WindowProblemInputs): WindowProblem[] {
  const problems: WindowProblem[] = [];
  // Calls that do arrive are refused: nothing else matters until this is fixed.
  if (database) {
    problems.push({ kind: 'database', title: DATABASE_TITLES[database.kind], text: [database.text], action: null });
  }
  if (tunnel && tunnel.provider !== 'none' && view !== 'public-url' && tunnelDown(tunnel, now)) {
    const what =
      tunnel.state === 'failed'
        ? 'Trying again cannot fix this: open Public URL to change its settings.'
        : 'Call Alerts keeps trying to reconnect on its own.';
    problems.push({
      kind: 'public-url-down',
      title: 'Calls cannot reach this PC: the public URL is down',
      text: [`${tunnel.error ?? 'The tunnel is not connected.'} ${what}`, catchUpLine(catchUp)],
      action: 'open-public-url',
    });
  }
  if (tunnel && tunnel.provider !== 'none' && tunnel.urlChanged && tunnel.publicWebhookUrl) {
    problems.push({ kind: 'url-changed', title: urlBannerWords(tunnel.confirmedUrl !== null).title, text: [], action: null });
  }
  if (catchUp && catchUp.provider !== 'off' && catchUp.state === 'failed' && catchUp.error) {
    problems.push({
      kind: 'catch-up-refused',
      title: `Missed calls cannot be fetched from ${PROVIDER_NAMES[catchUp.provider]}`,
      text: [catchUp.error],
      action: view === 'settings' ? null : 'open-catch-up-settings',
    });
  }
  // Calls still arrive: a feature is off (signatures, a tunnel token) until the secret is entered again.
  if (secrets.length > 0) {
    problems.push({ kind: 'secrets', title: 'Call Alerts could not read a saved secret', text: secrets.map((p) => p.text), action: null });
  }
  // Last: the person may forward their own address to this PC (headless mode); no call yet says nothing does.
  if (tunnel && tunnel.provider === 'none' && callsStored === 0 && view !== 'public-url') {
    problems.push({
      kind: 'no-public-url',
      title: 'Calls cannot reach this PC yet: no public URL is set up',
      text: ['Marketing Edge sends each call to a public address that forwards to this PC. Set one up under Public URL.', catchUpLine(catchUp)],
      action: 'open-public-url',
    });
  }
  return problems;
}

/** The first address is given to Marketing Edge ("added"); a later one replaces the old ("updated"). */
export function urlBannerWords(hadOne: boolean): { title: string; copy: string; confirm: string } {
  return hadOne
    ? { title: 'Update the webhook URL in Marketing Edge', copy: 'Copy the new webhook URL', confirm: "I've updated it" }
    : { title: 'Give this address to Marketing Edge', copy: 'Copy the address for Marketing Edge', confirm: "I've added it" };
}
