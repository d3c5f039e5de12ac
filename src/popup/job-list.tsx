/** The jobs grouped under their owner: a store's host name, or "Added by you". */
import { t } from '../ui/i18n';
import { firstRows, groupByOwner } from './job-groups';
import { JobRow } from './job-row';
import type { PriorityHandler, RowActionHandler } from './job-row';
import type { ChangeLinkHandler } from './change-link';
import type { JobEntries } from './jobs-state';
import { useProgressiveLimit } from './use-progressive-limit';
import { ALL_ROWS_MARK, FIRST_ROWS_MARK, markOnce } from './render-marks';
import { useEffect } from 'preact/hooks';

interface JobListProps {
  entries: JobEntries;
  lang: string;
  onAction: RowActionHandler;
  onPriority: PriorityHandler;
  onChangeLink: ChangeLinkHandler;
  offerAria2: boolean;
}

export function JobList({ entries, lang, onAction, onPriority, onChangeLink, offerAria2 }: JobListProps) {
  const limit = useProgressiveLimit(entries.size);
  const groups = firstRows(groupByOwner(entries.values()), limit);
  const complete = limit >= entries.size;
  useEffect(() => markOnce(FIRST_ROWS_MARK), []);
  useEffect(() => {
    if (complete) markOnce(ALL_ROWS_MARK);
  }, [complete]);
  return (
    <div class="job-groups" aria-label={t('jobsList')} role="region">
      {groups.map((group) => {
        const headingId = `group-${group.owner}`;
        return (
          <section class="job-group" key={group.owner} aria-labelledby={headingId}>
            <h2 class="group-heading" id={headingId} title={group.host === null ? undefined : group.owner}>
              {group.host ?? t('addedByYou')}
            </h2>
            <ul class="job-rows">
              {group.items.map((entry) => (
                <JobRow
                  key={entry.job.id}
                  entry={entry}
                  lang={lang}
                  onAction={onAction}
                  onPriority={onPriority}
                  onChangeLink={onChangeLink}
                  offerAria2={offerAria2}
                />
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
