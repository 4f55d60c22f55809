import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { JudgeLimits } from '../../../libs/contracts/index.js';

/**
 * Limits of each run on one test case, as stored with a submission (resolved at submission time,
 * defaults filled in) and with a problem. Units in the names: ms, ms, KiB, KiB.
 */
@Schema({ _id: false })
export class JudgeLimitsRecord implements JudgeLimits {
  @Prop({ type: Number, required: true })
  cpuTimeMs: number;

  @Prop({ type: Number, required: true })
  wallTimeMs: number;

  @Prop({ type: Number, required: true })
  memoryKiB: number;

  @Prop({ type: Number, required: true })
  outputKiB: number;
}
export const JudgeLimitsRecordSchema = SchemaFactory.createForClass(JudgeLimitsRecord);
