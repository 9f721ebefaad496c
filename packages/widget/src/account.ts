// The account screen and the sign-in's authenticator-app screens, loaded with import() when a
// visitor opens their account or Cognito asks for an app's code: most visits never need them,
// nor the QR code drawer that comes with them.
export { AccountSettings } from './controllers/account-settings.js';
export { accountScreen, appSignInScreen } from './views/account-screens.js';
