/** English, built into the element (every other language is a chunk loaded on demand). */
import { ENGLISH_SIZE_UNITS } from '../lib/format.js';
import type { Language } from './catalog.js';

/** An `accept` list as people read it: `image/*, .pdf`. */
export const acceptList = (accept: string) =>
  accept
    .split(',')
    .map((s) => s.trim())
    .join(', ');

export const en: Language = {
  locale: 'en',
  dir: 'ltr',
  sizeUnits: ENGLISH_SIZE_UNITS,
  filesCatalog: async () => (await import('./en-files.js')).enFiles,
  catalog: (f) => ({
    errors: {
      'wrong-credentials': 'Wrong email or password.',
      'not-confirmed': 'This account is not confirmed yet. Enter the code we emailed you.',
      'email-taken': 'An account with this email already exists. Sign in instead, or reset the password.',
      'weak-password': 'That password does not meet the rules below.',
      'wrong-code': 'That code is not right. Check the email and try again.',
      'expired-code': 'That code has expired. Ask for a new one.',
      'too-many-attempts': 'Too many attempts. Please wait a few minutes and try again.',
      'invalid-input': 'Please check what you entered.',
      'code-not-sent': 'We could not send the code. Please try again later.',
      'mfa-required': 'This account asks for a kind of second factor that this uploader does not offer.',
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
    },
    errorsOther: {
      somethingWrong: 'Something went wrong. Please try again.',
      weakPasswordDetail: (sentence, detail) => `${sentence} (${detail})`,
    },
    notices: {
      enterCode: (email) => `Enter the code we emailed to ${email}.`,
      codeSent: (email) => `We emailed a code to ${email}. Enter it to confirm your account.`,
      codeResent: (email) => `We sent a new code to ${email}.`,
      accountReady: 'Your account is ready. Sign in.',
      emailConfirmed: 'Your email is confirmed. Sign in.',
      resetCodeSent: (email) => `If ${email} has an account, we emailed it a code. Enter it with a new password.`,
      passwordChanged: 'Your password was changed. Sign in with the new one.',
      choosePassword: 'Your administrator created this account. Choose your password to finish signing in.',
    },
    rules: {
      length: (min) => `At least ${f.number(min)} characters`,
      lowercase: 'A lower-case letter',
      uppercase: 'An upper-case letter',
      number: 'A number',
      symbol: 'A symbol such as ! ? # -',
      met: 'met',
      notMet: 'not met',
    },
    auth: {
      signInTitle: 'Sign in',
      signIn: 'Sign in',
      signingIn: 'Signing in…',
      email: 'Email',
      password: 'Password',
      newPassword: 'New password',
      code: 'Code',
      forgotPassword: 'Forgot your password?',
      createAnAccount: 'Create an account',
      continueAsGuest: 'Continue as guest',
      signUpTitle: 'Create an account',
      createAccount: 'Create account',
      creatingAccount: 'Creating account…',
      haveAccount: 'I already have an account',
      confirmTitle: 'Confirm your email',
      confirm: 'Confirm',
      confirming: 'Confirming…',
      sendNewCode: 'Send a new code',
      backToSignIn: 'Back to sign in',
      forgotTitle: 'Reset your password',
      sendCode: 'Send me a code',
      sending: 'Sending…',
      resetTitle: 'Choose a new password',
      newPasswordTitle: 'Choose your password',
      finishSignIn: 'Set password and sign in',
      setNewPassword: 'Set new password',
      saving: 'Saving…',
      signOut: 'Sign out',
      signedInAs: 'Signed in as',
      browsingAsGuest: 'Browsing as a guest',
    },
    screens: {
      loading: 'Loading…',
      openingFiles: 'Opening your files…',
      tryAgain: 'Try again',
      configProblems: 'This uploader is not configured correctly.',
    },
  }),
};
