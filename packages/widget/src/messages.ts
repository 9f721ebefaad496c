/**
 * Every sentence and status word the element shows a user, in one table keyed by stable
 * codes, so the words can be reviewed (and translated) in one place. Views and controllers
 * take their text from here; nothing else holds user-facing sentences.
 */
import type { ServerLimits } from './lib/config.js';
import { formatBytes, type Refusal } from './lib/files.js';
import type { RejectionReason } from './lib/rejections.js';
import type { PasswordRule } from './lib/password-policy.js';
import type { ServiceErrorCode } from './transport/errors.js';

const ERRORS: Record<ServiceErrorCode, string> = {
  'wrong-credentials': 'Wrong email or password.',
  'not-confirmed': 'This account is not confirmed yet. Enter the code we emailed you.',
  'email-taken': 'An account with this email already exists. Sign in instead, or reset the password.',
  'weak-password': 'That password does not meet the rules below.',
  'wrong-code': 'That code is not right. Check the email and try again.',
  'expired-code': 'That code has expired. Ask for a new one.',
  'too-many-attempts': 'Too many attempts. Please wait a few minutes and try again.',
  'invalid-input': 'Please check what you entered.',
  'code-not-sent': 'We could not send the code. Please try again later.',
  'new-password-required': 'This account needs a new password set by an administrator.',
  'mfa-required': 'This account needs a second sign-in factor, which this uploader does not support yet.',
  'session-expired': 'Your session has ended. Please sign in again.',
  network: 'Cannot reach the server. Check your connection and try again.',
  'auth-failed': 'Sign-in failed. Please try again.',
  'credentials-failed': 'Could not get access to your files. Please sign in again.',
  'access-denied': 'You do not have permission to do that.',
  'upload-failed': 'The upload failed. Try again.',
  'upload-cancelled': 'Upload cancelled.',
  'list-failed': 'Could not load your files.',
  'delete-failed': 'Could not delete the file.',
  'download-failed': 'Could not download the file.',
  'folder-failed': 'Could not create the folder.',
  'config-invalid': 'This uploader is not configured correctly.',
};

export function errorMessage(code: ServiceErrorCode, detail?: string): string {
  const text = ERRORS[code] ?? 'Something went wrong. Please try again.';
  return code === 'weak-password' && detail ? `${text} (${detail.replace(/^Password did not conform with policy: /, '')})` : text;
}

export function refusalMessage(refusal: Refusal): string {
  switch (refusal.code) {
    case 'too-large':
      return `Too large: files may be at most ${formatBytes(refusal.limit)}.`;
    case 'type-not-accepted':
      return `Not an accepted type (accepted: ${acceptList(refusal.accept)}).`;
    case 'content-mismatch':
      return refusal.found
        ? `Its content is ${refusal.found}, not ${refusal.claimed} as its name says.`
        : `Its content does not look like ${refusal.claimed}, as its name says.`;
    case 'too-many-files':
      return `Too many files: at most ${refusal.limit} at a time.`;
    case 'empty-file':
      return 'The file is empty.';
  }
}

/** Neutral messages of the sign-in screens. */
export const notices = {
  enterCode: (email: string) => `Enter the code we emailed to ${email}.`,
  codeSent: (email: string) => `We emailed a code to ${email}. Enter it to confirm your account.`,
  codeResent: (email: string) => `We sent a new code to ${email}.`,
  accountReady: () => 'Your account is ready. Sign in.',
  emailConfirmed: () => 'Your email is confirmed. Sign in.',
  resetCodeSent: (email: string) => `If ${email} has an account, we emailed it a code. Enter it with a new password.`,
  passwordChanged: () => 'Your password was changed. Sign in with the new one.',
};

export function passwordRuleLabel(rule: PasswordRule): string {
  switch (rule.id) {
    case 'length':
      return `At least ${rule.minLength} characters`;
    case 'lowercase':
      return 'A lower-case letter';
    case 'uppercase':
      return 'An upper-case letter';
    case 'number':
      return 'A number';
    case 'symbol':
      return 'A symbol such as ! ? # -';
  }
}

/** An `accept` list as people read it: `image/*, .pdf`. */
export const acceptList = (accept: string) =>
  accept
    .split(',')
    .map((s) => s.trim())
    .join(', ');

/** Status words, headings' and explanations' sentences of the views. */
export const text = {
  loading: 'Loading…',
  openingFiles: 'Opening your files…',
  tryAgain: 'Try again',
  signedInAs: 'Signed in as',
  browsingAsGuest: 'Browsing as a guest',
  dropHint: 'Drop files here or paste them, or',
  dropLabel: 'Drop files here, or paste them',
  accepted: (accept: string) => `Accepted: ${acceptList(accept)}`,
  sizeLimit: (bytes: number) => `up to ${formatBytes(bytes)} each`,
  countLimit: (count: number) => `${count} files at a time`,
  uploadCount: (count: number) => `Upload ${count} ${count === 1 ? 'file' : 'files'}`,
  sentOfTotal: (loaded: number, total: number) => `${formatBytes(loaded)} of ${formatBytes(total)}`,
  allDone: ' · done',
  readyToUpload: 'Ready to upload',
  uploading: (percent: number) => `Uploading… ${percent}%`,
  uploaded: 'Uploaded',
  refused: 'Refused',
  failed: 'Failed',
  cancelled: 'Cancelled',
  myFiles: 'My files',
  publicFiles: 'Public files',
  noFiles: 'No files yet.',
  loadingFiles: 'Loading your files…',
  deleteQuestion: 'Delete this file?',
  deleting: 'Deleting…',
  previewOf: (name: string) => `Preview of ${name}`,
  progressOf: (name: string) => `Progress of ${name}`,
  removeName: (name: string) => `Remove ${name}`,
  chooseFolder: 'Choose a folder',
  refresh: 'Refresh',
  download: 'Download',
  delete: 'Delete',
  keep: 'Keep',
  cancel: 'Cancel',
  create: 'Create',
  close: 'Close',
  previous: 'Previous',
  next: 'Next',
  newFolder: 'New folder',
  folderName: 'Folder name',
  folder: 'Folder',
  folders: 'Folders',
  up: 'Up',
  emptyFolder: 'This folder is empty.',
  noMatches: 'No names match the filter.',
  moreFiles: (shown: number) => `${shown.toLocaleString()} shown; scroll for more.`,
  filterPlaceholder: 'Filter by name',
  filterLabel: 'Filter by name in this folder',
  sortBy: 'Sort by',
  sortNames: { date: 'Date', name: 'Name', size: 'Size' } as const,
  selectAll: 'Select all',
  selectName: (name: string) => `Select ${name}`,
  selectedCount: (count: number) => `${count.toLocaleString()} selected`,
  downloadSelected: 'Download selected',
  deleteSelected: 'Delete selected',
  deleteSelectedQuestion: (count: number) => `Delete ${count.toLocaleString()} ${count === 1 ? 'file' : 'files'}?`,
  deleteFolderQuestion: 'Delete this folder and everything in it?',
  deletingProgress: 'Deleting',
  deletedOf: (done: number, total: number | undefined) => (total === undefined ? 'Finding the files…' : `Deleted ${done.toLocaleString()} of ${total.toLocaleString()}`),
  positionOf: (position: number, total: number) => `${position} of ${total}`,
  loadingImage: 'Loading the full image…',
  imageFailed: 'Could not load the image.',
  removedByServer: (name: string, reason: RejectionReason, limits: ServerLimits | undefined): string => {
    if (reason === 'too-large') {
      return `${name} was removed by the server: ${limits ? `files may be at most ${formatBytes(limits.maxObjectBytes)}` : 'it is larger than the server allows'}.`;
    }
    return `${name} was removed by the server: it would take you over your storage quota${limits ? ` of ${formatBytes(limits.quotaBytes)}` : ''}. Delete files to make room.`;
  },
  dismiss: 'Dismiss',
};
