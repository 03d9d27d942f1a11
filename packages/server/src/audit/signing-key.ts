import fs from "node:fs";
import path from "node:path";
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";

/**
 * The platform's Ed25519 key for signing audit checkpoints: SHUYUAN_SIGNING_KEY
 * (PKCS#8 PEM) when set — instances sharing one database must share it — or a key
 * file generated once in the data directory.
 */
export function loadSigningKey(dataDir: string, pem = process.env.SHUYUAN_SIGNING_KEY): { privateKey: KeyObject; publicKeyPem: string } {
  let privateKey: KeyObject;
  if (pem) {
    privateKey = createPrivateKey(pem);
  } else {
    const file = path.join(dataDir, "audit-signing-key.pem");
    if (!fs.existsSync(file)) {
      fs.mkdirSync(dataDir, { recursive: true });
      const generated = generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
      try {
        fs.writeFileSync(file, generated, { mode: 0o600, flag: "wx" });
      } catch {
        /* another instance wrote it first: use theirs */
      }
    }
    privateKey = createPrivateKey(fs.readFileSync(file, "utf8"));
  }
  if (privateKey.asymmetricKeyType !== "ed25519") throw new Error("SHUYUAN_SIGNING_KEY must be an Ed25519 private key (PKCS#8 PEM)");
  return { privateKey, publicKeyPem: createPublicKey(privateKey).export({ type: "spki", format: "pem" }).toString() };
}
