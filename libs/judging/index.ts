// The judging rules both processes need, free of Nest and Mongoose: the language table, the ICPC
// default output validator and its flags, and the default limit rules.
export { defaultOutputValidator, type DefaultValidatorOptions } from './checkers/default-output-validator.js';
export { parseValidatorFlags } from './checkers/default-validator-flags.js';
export { defaultValidatorOptionsOf, type DefaultValidatorSettings } from './checkers/default-validator-settings.js';
export type { LanguageDefinition, ProgramTarget, ToolCandidate } from './languages/language-definition.js';
export { LANGUAGES } from './languages/languages.table.js';
export { effectiveLimitsOf } from './limits/effective-limits.js';
export { defaultWallTimeMs, MIN_WALL_TIME_MS, WALL_TIME_PER_CPU_TIME } from './limits/default-wall-time.js';
export { extensionsOf, fileNameProblem, sourceFileFor, withoutByteOrderMark } from './languages/source-file.js';
export { LANGUAGE_BY_EXTENSION, packageLanguageOf } from './languages/package-language.js';
