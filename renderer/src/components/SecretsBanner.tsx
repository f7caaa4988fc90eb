// Above every view while a saved secret cannot be read (the keychain refused, the secrets file is damaged):
// calls still arrive, and this says what does not work and what to do.

import type { SecretProblem } from '../../../shared/api';

export function SecretsBanner({ problems }: { problems: SecretProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <section className="url-banner" role="alert" aria-labelledby="secrets-banner-title" data-testid="secrets-banner">
      <div className="url-banner__body">
        <h2 id="secrets-banner-title" className="url-banner__title">
          Call Alerts could not read a saved secret
        </h2>
        {problems.map((problem) => (
          <p key={problem.secret}>{problem.text}</p>
        ))}
      </div>
    </section>
  );
}
