// Above every view while the call database refuses calls: deleted or replaced under the app, or damaged.

import type { DatabaseNotice } from '../data/databaseHealth';

export function DatabaseBanner({ notice }: { notice: DatabaseNotice | null }) {
  if (!notice) return null;
  return (
    <section className="url-banner" role="alert" aria-labelledby="database-banner-title" data-testid="database-banner">
      <div className="url-banner__body">
        <h2 id="database-banner-title" className="url-banner__title">
          {notice.kind === 'damaged' ? 'The call database is damaged' : 'The call database is gone'}
        </h2>
        <p>{notice.text}</p>
      </div>
    </section>
  );
}
