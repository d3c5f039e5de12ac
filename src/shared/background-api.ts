/**
 * The boundary between extension pages (popup, options, picker, consent prompt) and the background.
 * One declaration: the background implements it, pages get a typed client from it
 * (src/shared/background-client.ts). Every payload is JSON-safe and is validated with a schema at
 * the receiving end (src/shared/background-schemas.ts).
 */
import type { JobInfo, Priority } from '../engine/types';
import type { ExtensionSettings } from './extension-settings';
import type { StorageMode } from './engine-host-api';

export type SiteDecision = 'allowed' | 'blocked';
export interface SiteEntry {
  origin: string;
  decision: SiteDecision;
  decided: number;
}

export interface LinkCandidate {
  url: string;
  text: string;
}

export interface BackgroundApi {
  listJobs(): Promise<JobInfo[]>;
  /**
   * Popup "Add download" form, context menu, taken-over downloads: a job owned by "user", resumed
   * at once. `referrer`: the page the link came from, sent as `Referer`.
   */
  addDownload(input: {
    url: string;
    priority?: Priority;
    name?: string;
    referrer?: string;
  }): Promise<JobInfo>;
  /** The picker's "Download selected": `pickerId` names the page the links came from (their Referer). */
  addDownloads(input: { urls: string[]; priority?: Priority; pickerId?: string }): Promise<JobInfo[]>;
  resume(input: { id: string }): Promise<JobInfo>;
  suspend(input: { id: string }): Promise<JobInfo>;
  cancel(input: { id: string }): Promise<JobInfo>;
  complete(input: { id: string }): Promise<JobInfo>;
  setPriority(input: { id: string; priority: Priority }): Promise<JobInfo>;
  /** (+) Popup "Use link": file `fileIndex` is fetched from `url` from now on (BITS SetRemoteName). */
  setFileUrl(input: { id: string; fileIndex: number; url: string }): Promise<JobInfo>;
  remove(input: { id: string }): Promise<void>;
  pauseAll(): Promise<void>;
  resumeAll(): Promise<void>;
  clearFinished(): Promise<number>;
  /** "Open" and "Show in folder" for a saved file. */
  openFile(input: { id: string; fileIndex: number; reveal: boolean }): Promise<void>;
  /**
   * The browser download id of a saved file, or null. The client uses it to call downloads.open
   * from the page itself: Chrome opens a file only in response to a user gesture, which a message
   * to the background does not carry.
   */
  savedDownloadId(input: { id: string; fileIndex: number }): Promise<number | null>;
  getSettings(): Promise<ExtensionSettings>;
  setSettings(input: Partial<ExtensionSettings>): Promise<ExtensionSettings>;
  listSites(): Promise<SiteEntry[]>;
  /** decision null forgets the origin. */
  setSite(input: { origin: string; decision: SiteDecision | null }): Promise<SiteEntry[]>;
  /** The link picker: links collected from the tab it was opened for. */
  getPickerLinks(input: { pickerId: string }): Promise<LinkCandidate[]>;
  /** The consent prompt's answer. */
  answerConsent(input: { promptId: string; decision: SiteDecision }): Promise<void>;
  getConsentPrompt(input: { promptId: string }): Promise<{ origin: string } | null>;
  /**
   * (+) The popup row's "Send to aria2" (ui.md): hands a job owned by "user" to the configured
   * aria2, with the browser's cookies for its URL; it then shows "In aria2".
   */
  sendToAria2(input: { id: string }): Promise<JobInfo>;
  /** (+) The options' "Test connection": aria2's version at the saved address, or the error. */
  testAria2(): Promise<{ version: string }>;
  /** Where jobs are kept this run: 'memory' means they will not survive a restart (ui.md). */
  getStatus(): Promise<{ storage: StorageMode }>;
  /**
   * Origins of unfinished jobs that the browser does not let WebBITS reach (Firefox: site access
   * withdrawn): the popup and the options page offer "Grant access" for them.
   */
  getSiteAccess(): Promise<{ blocked: string[] }>;
}

/** Pushed on a `runtime.connect({ name: 'jobs' })` port: a snapshot first, then changes. */
export type JobsPortMessage =
  { type: 'snapshot'; jobs: JobInfo[] } | { type: 'change'; job: JobInfo } | { type: 'removed'; id: string };

export const JOBS_PORT_NAME = 'jobs';
