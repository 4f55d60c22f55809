/** An API key as stored, without its hash: what listings show. Dates are ISO 8601 strings or null. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  /** A Role value (src/auth/role.ts). */
  role: string;
  createdAt: string;
  revokedAt: string | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

/** A stored key found by its hash: the record plus the hash (for the lookup cache). */
export interface ApiKeyMatch extends ApiKeyRecord {
  keyHash: string;
}
