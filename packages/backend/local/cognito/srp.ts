/**
 * The server side of Cognito's SRP-6a (what amazon-cognito-identity-js and every AWS SDK speak
 * for USER_SRP_AUTH). RFC 5054's 3072-bit group, g = 2, SHA-256. Hex values are "sign-padded"
 * as Java's BigInteger.toByteArray() would write them: a leading 00 when the top bit is set.
 * Get that wrong and about one login in a few hundred fails, so tests run hundreds.
 */
import { createDiffieHellman, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const N = BigInt(
  '0x' +
    'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1' +
    '29024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
    'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245' +
    'E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
    'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3D' +
    'C2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
    '83655D23DCA3AD961C62F356208552BB9ED529077096966D' +
    '670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
    'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9' +
    'DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
    '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64' +
    'ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
    'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6B' +
    'F12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
    'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB31' +
    '43DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF',
);
const g = 2n;

/** Even-length hex of a non-negative integer, with 00 in front when the top bit is set. */
export function padHex(value: bigint): string {
  if (value < 0n) throw new Error('padHex: negative values do not occur on the server side');
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  if (/^[89a-f]/i.test(hex)) hex = `00${hex}`;
  return hex;
}

const sha256Hex = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const hexHash = (hex: string) => sha256Hex(Buffer.from(hex, 'hex'));
const toBigInt = (hex: string) => BigInt(`0x${hex}`);

const N_BYTES = Buffer.from(padHex(N).replace(/^00/, ''), 'hex');
const bytesOf = (value: bigint) => Buffer.from(padHex(value), 'hex');

/**
 * base^exponent mod N, by OpenSSL: Diffie-Hellman's computeSecret is exactly that
 * (other^private mod p), about twenty times faster than BigInt arithmetic in JS.
 */
function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  if (modulus !== N) throw new Error('modPow is only used modulo N');
  const reduced = ((base % N) + N) % N;
  if (exponent === 0n) return 1n;
  if (reduced <= 1n) return reduced;
  const dh = createDiffieHellman(N_BYTES, Buffer.from([2]));
  dh.setPrivateKey(bytesOf(exponent));
  return BigInt(`0x${dh.computeSecret(bytesOf(reduced)).toString('hex') || '0'}`);
}

const k = toBigInt(hexHash(padHex(N) + padHex(g)));

/** What is stored instead of a password. */
export interface SrpVerifier {
  /** Salt, hex. */
  salt: string;
  /** v = g^x mod N, hex. */
  verifier: string;
}

/** x = H(salt | H(poolName | userId | ":" | password)), as the client computes it. */
function privateKey(poolName: string, userId: string, password: string, saltHex: string): bigint {
  const identityHash = sha256Hex(`${poolName}${userId}:${password}`);
  return toBigInt(hexHash(padHex(toBigInt(saltHex)) + identityHash));
}

/** Makes the verifier for a new password. The password itself is then forgotten. */
/** A verifier for a password; `saltBytes` only to make a stable fake one (an unknown user's). */
export function createVerifier(poolName: string, userId: string, password: string, saltBytes: Buffer = randomBytes(16)): SrpVerifier {
  const salt = padHex(toBigInt(saltBytes.toString('hex')));
  const x = privateKey(poolName, userId, password, salt);
  return { salt, verifier: modPow(g, x, N).toString(16) };
}

/** The server's half of one SRP exchange: keep `b` secret, send `B` (hex). */
export interface ServerChallenge {
  b: string;
  B: string;
}

export function createServerChallenge(verifier: SrpVerifier): ServerChallenge {
  const v = toBigInt(verifier.verifier);
  for (;;) {
    const b = toBigInt(randomBytes(128).toString('hex')) % N;
    const B = (k * v + modPow(g, b, N)) % N;
    if (B !== 0n && b !== 0n) return { b: b.toString(16), B: B.toString(16) };
  }
}

/** Whether the client's `A` is acceptable (A mod N must not be 0). */
export function isValidClientPublic(aHex: string): boolean {
  if (!/^[0-9a-fA-F]+$/.test(aHex)) return false;
  return toBigInt(aHex) % N !== 0n;
}

/** The 16-byte key both sides derive: HKDF-SHA256(ikm = S, salt = u, info = "Caldera Derived Key"). */
export function deriveSessionKey(verifier: SrpVerifier, challenge: ServerChallenge, aHex: string): Buffer {
  const A = toBigInt(aHex);
  const B = toBigInt(challenge.B);
  const u = toBigInt(hexHash(padHex(A) + padHex(B)));
  if (u === 0n) throw new Error('SRP: u is zero');
  const v = toBigInt(verifier.verifier);
  const S = modPow(A * modPow(v, u, N), toBigInt(challenge.b), N);
  const prk = createHmac('sha256', Buffer.from(padHex(u), 'hex')).update(Buffer.from(padHex(S), 'hex')).digest();
  return createHmac('sha256', prk)
    .update(Buffer.concat([Buffer.from('Caldera Derived Key', 'utf8'), Buffer.from([1])]))
    .digest()
    .subarray(0, 16);
}

/** Checks PASSWORD_CLAIM_SIGNATURE = HMAC(key, poolName | userId | secretBlock | timestamp). */
export function verifyPasswordClaim(
  key: Buffer,
  poolName: string,
  userId: string,
  secretBlockBase64: string,
  timestamp: string,
  signatureBase64: string,
): boolean {
  const expected = createHmac('sha256', key)
    .update(Buffer.concat([Buffer.from(poolName, 'utf8'), Buffer.from(userId, 'utf8'), Buffer.from(secretBlockBase64, 'base64'), Buffer.from(timestamp, 'utf8')]))
    .digest();
  const given = Buffer.from(signatureBase64, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Checks a plain password against a verifier (for USER_PASSWORD_AUTH and ChangePassword). */
export function passwordMatches(poolName: string, userId: string, password: string, verifier: SrpVerifier): boolean {
  const x = privateKey(poolName, userId, password, verifier.salt);
  const computed = Buffer.from(padHex(modPow(g, x, N)), 'hex');
  const stored = Buffer.from(padHex(toBigInt(verifier.verifier)), 'hex');
  return computed.length === stored.length && timingSafeEqual(computed, stored);
}
