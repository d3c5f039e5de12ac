/** One job in the popup. Memoized on its entry: a change to another job does not render it again. */
import { memo } from 'preact/compat';
import { PRIORITIES } from '../engine/types';
import type { Priority } from '../engine/types';
import { t } from '../ui/i18n';
import type { MessageKey } from '../ui/i18n';
import type { RowAction } from './job-actions';
import { ChangeLink, type ChangeLinkHandler } from './change-link';
import { rowView } from './job-row-view';
import type { JobEntry } from './jobs-state';

export type RowActionHandler = (id: string, action: RowAction) => void;
export type PriorityHandler = (id: string, priority: Priority) => void;

const ACTION_LABELS: Record<RowAction, MessageKey> = {
  pause: 'pause',
  resume: 'resume',
  retry: 'retry',
  saveNow: 'saveNow',
  finishUpload: 'finishUpload',
  open: 'open',
  showInFolder: 'showInFolder',
  sendToAria2: 'sendToAria2',
  cancel: 'cancel',
  remove: 'remove',
};

const PRIORITY_LABELS: Record<Priority, MessageKey> = {
  foreground: 'priorityForeground',
  high: 'priorityHigh',
  normal: 'priorityNormal',
  low: 'priorityLow',
};

interface JobRowProps {
  entry: JobEntry;
  lang: string;
  onAction: RowActionHandler;
  onPriority: PriorityHandler;
  onChangeLink: ChangeLinkHandler;
  offerAria2: boolean;
}

function JobRowView({ entry, lang, onAction, onPriority, onChangeLink, offerAria2 }: JobRowProps) {
  const { job } = entry;
  const view = rowView(entry, Date.now(), lang, { offerAria2 });
  const titleId = `job-${job.id}-title`;
  const details = [view.bytesText, view.filesText, view.speedText, view.timeLeftText]
    .filter(Boolean)
    .join(' · ');
  // Skipped mirrors, a new link that served another file: said once per file.
  const notices = job.files.flatMap((file) => file.notices ?? []);
  return (
    <li class={`job state-${job.state.toLowerCase()}`} aria-labelledby={titleId} data-job-id={job.id}>
      <div class="job-head">
        <span class="job-title" id={titleId} title={view.title}>
          {view.title}
        </span>
        {view.aria2Text !== null && (
          <span class="job-aria2" title={job.aria2?.address}>
            {view.aria2Text}
          </span>
        )}
        <span class="job-state">{view.stateText}</span>
      </div>
      <div
        class="job-bar"
        role="progressbar"
        aria-label={t('progressOf', view.title)}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={view.percent ?? undefined}
      >
        <div
          class={view.percent === null ? 'job-bar-fill unknown' : 'job-bar-fill'}
          style={view.percent === null ? undefined : { transform: `scaleX(${view.percent / 100})` }}
        />
      </div>
      <div class="job-details muted">{details}</div>
      {view.aria2Path !== null && <div class="job-path muted">{view.aria2Path}</div>}
      {view.errorText !== null || view.retryText !== null ? (
        <p class="job-message error-text">
          {view.errorText}
          {view.errorText && view.retryText ? ' ' : ''}
          {view.retryText && <span class="job-retry">{view.retryText}</span>}
        </p>
      ) : null}
      {notices.map((notice) => (
        <p class="job-notice muted" key={notice}>
          {notice}
        </p>
      ))}
      <div class="job-actions">
        {/* Keyed by position: when "Pause" turns into "Resume" the same button stays focused. */}
        {view.actions.map((action, index) => (
          <button type="button" key={index} onClick={() => onAction(job.id, action)}>
            {t(ACTION_LABELS[action])}
          </button>
        ))}
        {view.canChangePriority && (
          <select
            class="job-priority"
            aria-label={t('priority')}
            value={job.priority}
            onChange={(event) => onPriority(job.id, event.currentTarget.value as Priority)}
          >
            {PRIORITIES.map((priority) => (
              <option key={priority} value={priority}>
                {t(PRIORITY_LABELS[priority])}
              </option>
            ))}
          </select>
        )}
        <ChangeLink job={job} onChangeLink={onChangeLink} />
      </div>
    </li>
  );
}

export const JobRow = memo(JobRowView);
