/** Which output validator decides a test: the ICPC default one (with flags) or the problem's own program. */
export enum CheckerKind {
  Default = 'default',
  Custom = 'custom',
}
