import { ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';

/** One test case of a submission request: UTF-8 text in, UTF-8 text expected out. */
export class TestCaseDto {
  @ApiProperty({ description: 'Standard input of the run (UTF-8). At most MAX_TEST_DATA_BYTES bytes.', example: '1 2\n' })
  @IsString()
  input: string;

  @ApiProperty({
    description:
      'Expected standard output (UTF-8), compared token by token: whitespace amounts, trailing whitespace and CRLF never cause Wrong Answer. At most MAX_TEST_DATA_BYTES bytes.',
    example: '3\n',
  })
  @IsString()
  expectedOutput: string;
}
