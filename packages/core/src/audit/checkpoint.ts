import { createPublicKey, sign, verify, type KeyObject } from "node:crypto";
import type { HashAlgorithm } from "./chain";

/**
 * A signed statement "the record held `count` entries and its head was `headHash`".
 * Published checkpoints let an outside party prove later that the record was not
 * rewritten: any change before `seq` changes the head hash.
 */
export interface CheckpointStatement {
  platform: string;
  seq: number;
  headHash: string;
  algorithm: HashAlgorithm;
  signedAt: string;
}

export interface SignedCheckpoint extends CheckpointStatement {
  signatureAlgorithm: "ed25519";
  /** base64 */
  signature: string;
  /** SPKI PEM of the signing key */
  publicKey: string;
}

export function checkpointMessage(s: CheckpointStatement): Buffer {
  return Buffer.from(JSON.stringify([s.platform, s.seq, s.headHash, s.algorithm, s.signedAt]), "utf8");
}

export function signCheckpoint(statement: CheckpointStatement, privateKey: KeyObject): SignedCheckpoint {
  return {
    ...statement,
    signatureAlgorithm: "ed25519",
    signature: sign(null, checkpointMessage(statement), privateKey).toString("base64"),
    publicKey: createPublicKey(privateKey).export({ type: "spki", format: "pem" }).toString(),
  };
}

/**
 * Verifies a checkpoint with a public key alone — the one the verifier trusts,
 * not the one the checkpoint carries (which only says which key signed it).
 */
export function verifyCheckpoint(checkpoint: SignedCheckpoint, trustedPublicKeyPem: string): boolean {
  try {
    const key = createPublicKey(trustedPublicKeyPem);
    return verify(null, checkpointMessage(checkpoint), key, Buffer.from(checkpoint.signature, "base64"));
  } catch {
    return false;
  }
}
