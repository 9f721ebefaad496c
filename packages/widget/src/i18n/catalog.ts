/**
 * The shape of a message catalog: every word the element shows or announces, grouped by
 * screen. English is built in (en.ts); other languages are chunks loaded when a page asks for
 * them (languages.ts); a page overrides any entry with the `messages` property. A function
 * entry gets raw values and formats them with the catalog's `Format` (sizes, numbers, plurals).
 */
import type { ServiceErrorCode } from '../transport/errors.js';
import type { RejectionReason } from '../lib/rejections.js';
import type { Format, SizeUnits } from '../lib/format.js';

/** One language: its catalog, made with a `Format` for its locale. */
export interface Language {
  /** BCP 47 tag, e.g. `de`. */
  locale: string;
  dir: 'ltr' | 'rtl';
  /** The abbreviations of B, KB, MB, GB and TB. */
  sizeUnits: SizeUnits;
  /** The words of the screens before sign-in: what first paint needs. */
  catalog(format: Format): CoreCatalog;
  /** The words of the signed-in screens, loaded with them. */
  filesCatalog(): Promise<(format: Format) => FilesCatalog>;
}

/** Every word: the first screens' and the signed-in screens'. */
export type Catalog = CoreCatalog & FilesCatalog;

export interface CoreCatalog {
  /** Each failure's sentence; `weakPasswordDetail` adds Cognito's reason to `weak-password`. */
  errors: Record<ServiceErrorCode, string>;
  errorsOther: {
    somethingWrong: string;
    weakPasswordDetail: (sentence: string, detail: string) => string;
  };

  /** Neutral messages of the sign-in screens. */
  notices: {
    enterCode: (email: string) => string;
    codeSent: (email: string) => string;
    codeResent: (email: string) => string;
    accountReady: string;
    emailConfirmed: string;
    resetCodeSent: (email: string) => string;
    passwordChanged: string;
    choosePassword: string;
  };
  /** The password policy's rules, and whether each is met (said in words, not only by colour). */
  rules: {
    length: (min: number) => string;
    lowercase: string;
    uppercase: string;
    number: string;
    symbol: string;
    met: string;
    notMet: string;
  };
  auth: {
    signInTitle: string;
    signIn: string;
    signingIn: string;
    email: string;
    password: string;
    newPassword: string;
    code: string;
    forgotPassword: string;
    createAnAccount: string;
    continueAsGuest: string;
    signUpTitle: string;
    createAccount: string;
    creatingAccount: string;
    haveAccount: string;
    confirmTitle: string;
    confirm: string;
    confirming: string;
    sendNewCode: string;
    backToSignIn: string;
    forgotTitle: string;
    sendCode: string;
    sending: string;
    resetTitle: string;
    newPasswordTitle: string;
    finishSignIn: string;
    setNewPassword: string;
    saving: string;
    signOut: string;
    signedInAs: string;
    browsingAsGuest: string;
  };
  screens: {
    loading: string;
    openingFiles: string;
    tryAgain: string;
    configProblems: string;
  };



}

/** The signed-in screens' words (i18n/en-files.ts in English). */
export interface FilesCatalog {
  /** Why a picked file was refused before upload. */
  refusals: {
    tooLarge: (limitBytes: number) => string;
    notAccepted: (accept: string) => string;
    contentIs: (found: string, claimed: string) => string;
    contentNotLike: (claimed: string) => string;
    tooMany: (limit: number) => string;
    empty: string;
  };
  upload: {
    dropHint: string;
    dropGroup: string;
    chooseFiles: string;
    chooseFolder: string;
    accepted: (accept: string) => string;
    sizeLimit: (bytes: number) => string;
    countLimit: (count: number) => string;
    queue: string;
    totalProgress: string;
    uploadCount: (count: number) => string;
    sentOfTotal: (loaded: number, total: number) => string;
    allDone: string;
    clearFinished: string;
    readyToUpload: string;
    uploading: (percent: number) => string;
    uploaded: string;
    refused: string;
    failed: string;
    cancelled: string;
    paused: string;
    waitingForNetwork: string;
    /** A part failed: retried in `seconds`, retry `attempt` of `of`. */
    retrying: (seconds: number, attempt: number, of: number) => string;
    /** A part was answered with a server error (a 5xx): retried in `seconds`, retry `attempt` of `of`. */
    retryingServer: (seconds: number, attempt: number, of: number) => string;
    /** S3 found bytes damaged on the way (a checksum mismatch): sent again. */
    resendingDamaged: (seconds: number, attempt: number, of: number) => string;
    pause: string;
    pauseName: (name: string) => string;
    resume: string;
    resumeName: (name: string) => string;
    cancel: (name: string) => string;
    retryShort: string;
    retry: (name: string) => string;
    removeShort: string;
    remove: (name: string) => string;
    progressOf: (name: string) => string;
    previewOf: (name: string) => string;
    /** Said by the live region. */
    started: (count: number) => string;
    finished: (name: string) => string;
    failedName: (name: string, reason: string) => string;
  };
  files: {
    myFiles: string;
    publicFiles: string;
    noFiles: string;
    loadingFiles: string;
    refresh: string;
    newFolder: string;
    folderName: string;
    create: string;
    cancel: string;
    folder: string;
    folders: string;
    up: string;
    emptyFolder: string;
    noMatches: string;
    moreFiles: (shown: number) => string;
    filterPlaceholder: string;
    filterLabel: string;
    sortBy: string;
    sortNames: { date: string; name: string; size: string };
    ascending: string;
    descending: string;
    selectAll: string;
    selectName: (name: string) => string;
    selectedCount: (count: number) => string;
    downloadSelected: string;
    deleteSelected: string;
    download: string;
    downloadName: (name: string) => string;
    delete: string;
    deleteName: (name: string) => string;
    deleting: string;
    keep: string;
    deleteQuestion: (name: string) => string;
    deleteSelectedQuestion: (count: number) => string;
    deleteFolderQuestion: (name: string) => string;
    deletingProgress: string;
    deletedOf: (done: number, total: number | undefined) => string;
    deleted: (name: string) => string;
    removedByServer: (name: string, reason: RejectionReason, limits: { maxObjectBytes: number; quotaBytes: number } | undefined) => string;
    dismiss: string;
  };
  viewer: {
    positionOf: (position: number, total: number) => string;
    loadingImage: string;
    imageFailed: string;
    previous: string;
    next: string;
    close: string;
  };
  /** The account screen, and the sign-in's authenticator-app screens (views/account-screens.ts). */
  account: {
    open: string;
    title: string;
    backToFiles: string;
    appTitle: string;
    appOn: string;
    appOff: string;
    appRequired: string;
    appUnknown: string;
    turnOn: string;
    turnOff: string;
    setupTitle: string;
    setupSteps: string;
    qrLabel: string;
    secretLabel: string;
    appCode: string;
    checking: string;
    cancel: string;
    codeTitle: string;
    codeHint: string;
    continue: string;
    turnOffHint: string;
    appTurnedOn: string;
    appTurnedOff: string;
    wrongAppCode: string;
    usedAppCode: string;
    passwordTitle: string;
    currentPassword: string;
    changePassword: string;
    passwordChanged: string;
    everywhereTitle: string;
    everywhereHint: string;
    signOutEverywhere: string;
    signedOutEverywhere: string;
    deleteTitle: string;
    deleteHint: string;
    typeEmail: (email: string) => string;
    typeEmailExactly: string;
    deleteAccount: string;
    deletingFiles: string;
    deletingAccount: string;
    accountDeleted: (files: number) => string;
    deleteStopped: (reason: string) => string;
  };
}

/** A language's every word, both parts (for tests and tools; the element loads the second part with the signed-in screens). */
export async function wholeCatalog(language: Language, format: Format): Promise<Catalog> {
  return { ...language.catalog(format), ...(await language.filesCatalog())(format) };
}

/** A page's changes to a catalog: any entry of any group (see the `messages` property). */
export type MessageOverrides = {
  [Group in keyof Catalog]?: Catalog[Group] extends Record<string, unknown> ? Partial<Catalog[Group]> : Catalog[Group];
};

/** The catalog with a page's overrides laid over it, group by group. */
export function withOverrides(catalog: Catalog, overrides: MessageOverrides | undefined): Catalog {
  if (!overrides) return catalog;
  const merged: Record<string, unknown> = { ...catalog };
  for (const [group, value] of Object.entries(overrides)) {
    const base = (catalog as unknown as Record<string, unknown>)[group];
    merged[group] = value && typeof value === 'object' && !Array.isArray(value) && base && typeof base === 'object' ? { ...base, ...value } : value;
  }
  return merged as unknown as Catalog;
}
