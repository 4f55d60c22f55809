import { accessSync, constants as fsConstants, existsSync, readFileSync } from 'node:fs';
import { detectCgroupDriver } from './cgroups/detect-cgroups.js';
import type { CgroupDriver } from './cgroups/run-cgroup.js';
import { SandboxUnavailableError } from './sandbox-unavailable.error.js';
import type { SandboxOptions } from './sandbox-options.js';

/**
 * Checks that the host has every part the sandbox needs and returns the cgroup driver for it:
 * the worker runs as root, bubblewrap and the launcher are executable, unprivileged user
 * namespaces are allowed (the sysctls `user.max_user_namespaces`, Debian's
 * `kernel.unprivileged_userns_clone`, Ubuntu's `kernel.apparmor_restrict_unprivileged_userns`),
 * and a writable cgroup hierarchy (v2, or v1 with memory, cpuacct and pids) is found; cgroups are
 * probed only when everything else is there.
 * @throws SandboxUnavailableError listing every missing part with what to do about it.
 */
export function checkHost(options: SandboxOptions): CgroupDriver {
  const missing: string[] = [];
  if (process.getuid?.() !== 0) {
    missing.push('the worker must run as root: it gives each run its own unprivileged uid and cgroup');
  }
  if (!isExecutable(options.bwrapPath)) {
    missing.push(`bubblewrap not found at ${options.bwrapPath} (apt-get install bubblewrap, or set SANDBOX_BWRAP_PATH)`);
  }
  if (!isExecutable(options.launcherPath)) {
    missing.push(`sandbox launcher not found at ${options.launcherPath} (run npm run build; it needs gcc and libseccomp-dev)`);
  }
  const userns = userNamespaceProblem();
  if (userns) missing.push(userns);
  const detected = missing.length === 0 ? detectCgroupDriver(options.cgroupParent) : undefined;
  if (detected && 'problem' in detected) missing.push(detected.problem);
  if (missing.length > 0 || !detected || 'problem' in detected) throw new SandboxUnavailableError(missing);
  return detected.driver;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function userNamespaceProblem(): string | undefined {
  const read = (p: string) => (existsSync(p) ? readFileSync(p, 'utf8').trim() : undefined);
  if (read('/proc/sys/user/max_user_namespaces') === '0') {
    return 'user namespaces are disabled (sysctl user.max_user_namespaces=0); set it above 0';
  }
  if (read('/proc/sys/kernel/unprivileged_userns_clone') === '0') {
    return 'unprivileged user namespaces are disabled (sysctl kernel.unprivileged_userns_clone=0); set it to 1';
  }
  if (read('/proc/sys/kernel/apparmor_restrict_unprivileged_userns') === '1') {
    return 'AppArmor restricts unprivileged user namespaces (sysctl kernel.apparmor_restrict_unprivileged_userns=1); set it to 0 or add a bwrap AppArmor profile';
  }
  return undefined;
}
