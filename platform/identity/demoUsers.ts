import { randomBytes } from 'node:crypto';
import type { AccountStore, Role } from './accountStore.js';
import { newTotpSecret } from './totpFactor.js';

/**
 * Two demo accounts, a doctor and a radiologist, made on the platform's first start only, each
 * with a random password and an enrolled TOTP secret. Their secrets are returned once so the
 * `serve` command can print them to its own console; they are never written anywhere else in
 * clear.
 */
export interface DemoUser {
  username: string;
  role: Role;
  password: string;
  totpSecret: string;
}

const DEMO: { username: string; name: string; role: Role }[] = [
  { username: 'doctor', name: 'デモ 医師 (Demo Doctor)', role: 'doctor' },
  { username: 'radiologist', name: 'デモ 放射線科医 (Demo Radiologist)', role: 'radiologist' },
];

export async function seedDemoUsers(accounts: AccountStore): Promise<DemoUser[]> {
  if (accounts.size > 0) return [];
  const seeded: DemoUser[] = [];
  for (const demo of DEMO) {
    const password = randomBytes(12).toString('base64url');
    const totpSecret = newTotpSecret();
    await accounts.create({ ...demo, password, totpSecret });
    seeded.push({ username: demo.username, role: demo.role, password, totpSecret });
  }
  return seeded;
}
