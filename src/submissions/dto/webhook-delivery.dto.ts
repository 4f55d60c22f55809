import { ApiProperty } from '@nestjs/swagger';
import type { WebhookDeliveryState, WebhookDeliveryView } from '../../../libs/contracts/index.js';

/** OpenAPI description of WebhookDeliveryView (libs/contracts/submission-view.ts). */
export class WebhookDeliveryDto implements WebhookDeliveryView {
  @ApiProperty({ description: '`<submissionId>-a<judging attempt>`, as sent in the `verdict-webhook-id` header.' })
  id: string;

  @ApiProperty({
    enum: ['pending', 'delivered', 'failed', 'superseded'],
    description: 'pending: sending or waiting to retry; failed: given up; superseded: not sent, judged again since.',
  })
  state: WebhookDeliveryState;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'HTTP attempts made so far.' })
  attempts: number;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    minimum: 100,
    maximum: 599,
    description: "The receiver's HTTP status on the last attempt; null when it gave none.",
  })
  lastStatus: number | null;

  @ApiProperty({ type: String, nullable: true, description: 'What went wrong on the last attempt; null after a success.' })
  lastError: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastAttemptAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  deliveredAt: string | null;
}
