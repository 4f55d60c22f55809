import { SetMetadata } from '@nestjs/common';
import type { Role } from './role.js';

/** Metadata key of `@Roles(...)`. */
export const REQUIRED_ROLES = 'auth:roles';

/**
 * The roles that may call a route (or a controller's routes; a method's own list wins). `admin` may
 * always. Without it any valid key may call the route; others get 403.
 * @example `@Roles(Role.Setter)`: setters and admins.
 */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ROLES, roles);
