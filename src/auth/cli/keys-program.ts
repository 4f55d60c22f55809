import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { Command, CommanderError } from 'commander';
import type { ApiKeyRecord } from '../../persistence/api-keys/api-key-records.js';
import { validationDetails } from '../../common/validation.options.js';
import type { ApiKeysService } from '../api-keys.service.js';
import { CreateApiKeyDto } from '../dto/create-api-key.dto.js';
import type { Role } from '../role.js';

/** Where the command writes: stdout for results, stderr for errors. */
export interface KeysOutput {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** Exit codes of `npm run keys`: 0 done, 2 bad usage or refused input, 1 a failure (MongoDB unreachable, unknown key). */
export const KEYS_EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** The fields of a key record, one per line, for `create` and `revoke`. */
function describe(record: ApiKeyRecord): string {
  return [
    `id:         ${record.id}`,
    `name:       ${record.name}`,
    `role:       ${record.role}`,
    `created:    ${record.createdAt}`,
    `expires:    ${record.expiresAt ?? 'never'}`,
    `revoked:    ${record.revokedAt ?? 'no'}`,
  ].join('\n');
}

/** `list` as a table: id, role, name, created, expires, revoked, last used. */
function table(records: readonly ApiKeyRecord[]): string {
  const header = ['id', 'role', 'name', 'created', 'expires', 'revoked', 'last used'];
  const rows = records.map((r) => [
    r.id,
    r.role,
    JSON.stringify(r.name),
    r.createdAt,
    r.expiresAt ?? '-',
    r.revokedAt ?? '-',
    r.lastUsedAt ?? '-',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** `--expires-in-days` as a number (the DTO's rules then bound it); anything not a decimal number is NaN, refused there. */
function daysOption(value: string): number {
  return /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
}

/**
 * Runs `npm run keys -- <args>` against `keys`: `create --role <role> --name <name> [--expires-in-days N]`
 * (prints the key once), `list`, `revoke <id>`. Input is checked by the same rules as `POST /api-keys`.
 * @param args the arguments after the script name (process.argv.slice(2)).
 * @param connect opens the key store; called only once the arguments are valid, so bad usage needs no database.
 * @returns the exit code (KEYS_EXIT).
 */
export async function runKeysCommand(args: readonly string[], connect: () => Promise<ApiKeysService>, output: KeysOutput): Promise<number> {
  let code: number = KEYS_EXIT.ok;
  const program = new Command('keys')
    .description('Manage Verdict API keys (docs/auth.md). Uses MONGO_URI like the API.')
    .exitOverride()
    .configureOutput({ writeOut: output.out, writeErr: output.err });

  program
    .command('create')
    .description('create a key and print it once')
    .requiredOption('--role <role>', 'admin, setter or submitter')
    .requiredOption('--name <name>', 'who or what the key is for')
    .option('--expires-in-days <days>', 'days until it expires (default: never)', daysOption)
    .action(async (options: { role: string; name: string; expiresInDays?: number }) => {
      const dto = plainToInstance(CreateApiKeyDto, { role: options.role, name: options.name, expiresInDays: options.expiresInDays });
      const problems = validationDetails(await validate(dto, { forbidUnknownValues: true }));
      if (problems.length > 0) {
        const flag = (field: string): string => (field === 'expiresInDays' ? '--expires-in-days' : `--${field}`);
        output.err(`keys: ${problems.map((p) => `${flag(p.field)} ${p.rule}`).join('; ')}\n`);
        code = KEYS_EXIT.usage;
        return;
      }
      const { key, record } = await (await connect()).create(dto.name, dto.role as Role, dto.expiresInDays);
      output.out(`${describe(record)}\nkey:        ${key}\n\nThe key is shown only now: store it. Send it in the x-api-key header.\n`);
    });

  program
    .command('list')
    .description('list every key (never a key itself)')
    .action(async () => {
      const records = await (await connect()).list();
      output.out(records.length === 0 ? 'no API keys yet\n' : `${table(records)}\n`);
    });

  program
    .command('revoke')
    .description('revoke a key; API processes stop accepting it within 30 s')
    .argument('<id>', 'the key id (from `list`)')
    .action(async (id: string) => {
      const record = await (await connect()).revoke(id);
      if (!record) {
        output.err(`keys: no API key ${JSON.stringify(id)}\n`);
        code = KEYS_EXIT.failed;
        return;
      }
      output.out(`${describe(record)}\n\nRevoked: every API process stops accepting it within 30 s.\n`);
    });

  try {
    await program.parseAsync([...args], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? KEYS_EXIT.ok : KEYS_EXIT.usage;
    output.err(`keys: ${error instanceof Error ? error.message : String(error)}\n`);
    return KEYS_EXIT.failed;
  }
  return code;
}
