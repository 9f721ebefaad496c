/**
 * Who may do what under each key prefix of the bucket, as a typed construct prop (the shape of
 * Amplify Gen 2's storage access), checked at synth and turned into the identity policies of
 * the two identity-pool roles. One table, so the policies, the tests and the README's threat
 * model describe the same rules.
 */
import { InvalidPropError } from './validation.js';

/** Who a rule is for: the identity named by `{identity}` in the path, any signed-in user, or a guest. */
export type Grantee = 'owner' | 'authenticated' | 'guest';

/**
 * What a rule allows. `get` reads an object by its key; `list` lists keys under the path;
 * `read` is both; `write` creates and replaces objects (and uploads them in parts, and aborts
 * those uploads); `delete` deletes objects.
 */
export type Permission = 'read' | 'get' | 'list' | 'write' | 'delete';

/** The rules for one path: each grantee's permissions. */
export type PathRules = Readonly<Partial<Record<Grantee, readonly Permission[]>>>;

/**
 * Key prefix → rules. A path is folders ending in `/*`, such as `public/{identity}/*`, where
 * `{identity}` (at most once, as a whole folder) stands for an identity id; `owner` rules need
 * it.
 */
export type AccessRules = Readonly<Record<string, PathRules>>;

/** The placeholder for an identity id in a path. */
export const IDENTITY = '{identity}';

const OWNER_ALL: readonly Permission[] = ['read', 'write', 'delete'];

/** Named sets of rules. */
export const ACCESS_PRESETS = {
  /**
   * The default: every identity writes and deletes only under its own folder at every level.
   * `private/` is the owner's alone; a `protected/` file can be fetched by any signed-in user
   * who knows its key, but nobody else can list them; `public/` files can be listed and read by
   * every signed-in user (and by guests, when the stack allows guests).
   */
  ownerWrites: {
    'private/{identity}/*': { owner: OWNER_ALL },
    'protected/{identity}/*': { owner: OWNER_ALL, authenticated: ['get'] },
    'public/{identity}/*': { owner: OWNER_ALL, authenticated: ['read'], guest: ['read'] },
  },
  /**
   * Amplify Gen 1's layout, for buckets shared with Amplify apps. Under open sign-up it means
   * that anyone who registers can overwrite or delete every `public/` object, and list every
   * identity id and file name under `protected/`.
   */
  amplifyGen1: {
    'private/{identity}/*': { owner: OWNER_ALL },
    'protected/{identity}/*': { owner: OWNER_ALL, authenticated: ['read'] },
    'public/*': { authenticated: ['read', 'write', 'delete'], guest: ['read'] },
  },
} as const satisfies Record<string, AccessRules>;

export type AccessPreset = keyof typeof ACCESS_PRESETS;

/** How the element finds its level folders; derived from the rules, carried in the config. */
export type StorageLayout = 'identity-folders' | 'amplify-gen1';

const GRANTEES: readonly Grantee[] = ['owner', 'authenticated', 'guest'];
const PERMISSIONS: readonly Permission[] = ['read', 'get', 'list', 'write', 'delete'];
const PATH = /^(?:(?:[A-Za-z0-9][A-Za-z0-9._-]*|\{identity\})\/)+\*$/;
/** The folders the element uses; their rules must have the shapes it understands. */
const LEVELS = ['private', 'protected', 'public'] as const;

/** The literal part of a path before its first placeholder or `*`. */
const literalPrefix = (path: string): string => path.slice(0, Math.min(...[path.indexOf(IDENTITY), path.indexOf('*')].filter((i) => i >= 0)));

/**
 * Checks rules at synth, throwing one InvalidPropError that says what is wrong and how to
 * write it instead.
 */
export function validateAccessRules(construct: string, prop: string, rules: AccessRules): void {
  const fail = (detail: string): never => {
    throw new InvalidPropError(construct, prop, detail);
  };
  const paths = Object.keys(rules);
  if (paths.length === 0) fail('give at least one path, for example { "private/{identity}/*": { owner: ["read", "write", "delete"] } }');
  for (const path of paths) {
    if (!PATH.test(path) || path.split(IDENTITY).length > 2) {
      fail(`"${path}" is not a path; write folders ending in "/*", with "{identity}" at most once as a whole folder, such as "public/{identity}/*"`);
    }
    const pathRules = rules[path]!;
    const grantees = Object.keys(pathRules);
    if (grantees.length === 0) fail(`"${path}" grants nothing; remove it or name who may do what`);
    for (const grantee of grantees) {
      if (!(GRANTEES as readonly string[]).includes(grantee)) fail(`"${path}": unknown grantee "${grantee}"; use ${GRANTEES.join(', ')}`);
      const permissions = pathRules[grantee as Grantee] ?? [];
      if (permissions.length === 0) fail(`"${path}": ${grantee} has an empty permission list; remove it`);
      for (const permission of permissions) {
        if (!PERMISSIONS.includes(permission)) fail(`"${path}": unknown permission "${permission}" for ${grantee}; use ${PERMISSIONS.join(', ')}`);
      }
      if (new Set(permissions).size !== permissions.length) fail(`"${path}": ${grantee} lists a permission twice`);
      if (grantee === 'owner' && !path.includes(IDENTITY)) fail(`"${path}": owner rules need "{identity}" in the path, which says whose folder it is`);
      if (grantee === 'guest' && permissions.some((p) => p === 'write' || p === 'delete')) {
        fail(`"${path}": guests may only read (get, list, read); anyone can make guest identities, so guest writes would open the bucket to everyone`);
      }
    }
  }
  for (const a of paths) {
    for (const b of paths) {
      if (a !== b && literalPrefix(b).startsWith(literalPrefix(a))) fail(`"${a}" and "${b}" overlap; give each key prefix one rule`);
    }
  }
  for (const level of LEVELS) {
    const path = paths.find((p) => p.startsWith(`${level}/`));
    if (path === undefined) continue;
    const understood = path === `${level}/${IDENTITY}/*` || (level === 'public' && path === 'public/*');
    if (!understood) {
      fail(`"${path}": the element keeps ${level} files in "${level}/{identity}/*"${level === 'public' ? ' (or "public/*", Amplify Gen 1\'s layout)' : ''}`);
    }
  }
}

/** The layout the element must use for these rules. */
export function storageLayout(rules: AccessRules): StorageLayout {
  return 'public/*' in rules ? 'amplify-gen1' : 'identity-folders';
}

/** Grants of one role, in the words of IAM, before they become statements. */
export interface RoleGrants {
  /** Object key patterns (IAM wildcards and policy variables), per kind of access. */
  get: string[];
  write: string[];
  delete: string[];
  /** `s3:prefix` patterns the role may list. */
  list: string[];
}

/**
 * What the signed-in role or the guest role may do, given the identity-id policy variable. An
 * owner's `{identity}` becomes the caller's own id; everyone else's becomes `*`.
 */
export function roleGrants(rules: AccessRules, role: 'authenticated' | 'guest', identityVariable: string): RoleGrants {
  const grants: RoleGrants = { get: [], write: [], delete: [], list: [] };
  const add = (into: string[], ...values: string[]) => {
    for (const value of values) if (!into.includes(value)) into.push(value);
  };
  for (const [path, pathRules] of Object.entries(rules)) {
    const grantees: Grantee[] = role === 'guest' ? ['guest'] : ['owner', 'authenticated'];
    for (const grantee of grantees) {
      const permissions = pathRules[grantee];
      if (!permissions) continue;
      const folder = path.slice(0, -1); // without the trailing `*`
      const objects = `${folder.replace(IDENTITY, grantee === 'owner' ? identityVariable : '*')}*`;
      // Others list from the shared root (e.g. `public/`, whose folders are identity ids);
      // an owner lists its own folder.
      const root = grantee === 'owner' ? folder.replace(IDENTITY, identityVariable) : literalPrefix(path);
      if (permissions.includes('get') || permissions.includes('read')) add(grants.get, objects);
      if (permissions.includes('list') || permissions.includes('read')) add(grants.list, root, `${root}*`);
      if (permissions.includes('write')) add(grants.write, objects);
      if (permissions.includes('delete')) add(grants.delete, objects);
    }
  }
  return grants;
}
