/**
 * Every sentence the element shows a user, in one table keyed by stable error codes, so the
 * words can be reviewed (and one day translated) in one place.
 */
import { formatBytes, type Refusal } from './lib/files.js';

const ERRORS: Record<string, string> = {
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
  'config-invalid': 'This uploader is not configured correctly.',
};

export function errorMessage(code: string, detail?: string): string {
  const text = ERRORS[code] ?? 'Something went wrong. Please try again.';
  return code === 'weak-password' && detail ? `${text} (${detail.replace(/^Password did not conform with policy: /, '')})` : text;
}

export function refusalMessage(refusal: Refusal): string {
  switch (refusal.code) {
    case 'too-large':
      return `Too large: files may be at most ${formatBytes(refusal.limit)}.`;
    case 'type-not-accepted':
      return `Not an accepted type (accepted: ${refusal.accept.split(',').map((s) => s.trim()).join(', ')}).`;
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
