import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { Types } from 'mongoose';

/**
 * An API key (collection `apikeys`, docs/auth.md). The key itself is never stored: only the hex
 * SHA-256 of its text (`keyHash`, unique), by which a request's key is looked up.
 */
@Schema({ collection: 'apikeys', versionKey: false })
export class ApiKey {
  _id: Types.ObjectId;

  /** Who or what the key is for, e.g. `alice` or `ci`; shown in listings and logs. */
  @Prop({ type: String, required: true })
  name: string;

  /** The key's role (src/auth/role.ts owns the values; the API checks them, so this folder does not import auth). */
  @Prop({ type: String, required: true })
  role: string;

  /** Hex SHA-256 of the key's text (64 characters). */
  @Prop({ type: String, required: true, unique: true })
  keyHash: string;

  @Prop({ type: Date, required: true })
  createdAt: Date;

  /** When it was revoked; null while it is valid. */
  @Prop({ type: Date, default: null })
  revokedAt: Date | null;

  /** When it stops being valid; null: never. */
  @Prop({ type: Date, default: null })
  expiresAt: Date | null;

  /** Last request made with it, to about a minute (updated at most once a minute per API process). */
  @Prop({ type: Date, default: null })
  lastUsedAt: Date | null;
}
export const ApiKeySchema = SchemaFactory.createForClass(ApiKey);
