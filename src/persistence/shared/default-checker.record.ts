import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * The default output validator's options as stored: a problem's checker (which adds its kind and
 * a custom validator's program) and an inline submission's `checker`. Tolerances are absolute and
 * relative, null when not given (libs/judging `defaultValidatorOptionsOf` says what they mean).
 */
@Schema({ _id: false })
export class DefaultCheckerRecord {
  @Prop({ type: Boolean, default: false })
  caseSensitive: boolean;

  @Prop({ type: Boolean, default: false })
  spaceChangeSensitive: boolean;

  @Prop({ type: Number, default: null })
  floatAbsoluteTolerance: number | null;

  @Prop({ type: Number, default: null })
  floatRelativeTolerance: number | null;
}
export const DefaultCheckerRecordSchema = SchemaFactory.createForClass(DefaultCheckerRecord);
