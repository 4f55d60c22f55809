import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';

/**
 * Checks that a numeric property is at most the value of `otherProperty` on the same object,
 * e.g. `DEFAULT_CPU_TIME_MS` ≤ `MAX_CPU_TIME_MS`. Passes when either side is not a number
 * (the property's own type rules report that).
 */
export function NotGreaterThan(otherProperty: string, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'notGreaterThan',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [otherProperty],
      options: {
        message: (args: ValidationArguments) => `${args.property} must not be greater than ${args.constraints[0]}`,
        ...options,
      },
      validator: {
        validate(value: unknown, args: ValidationArguments): boolean {
          const other = (args.object as Record<string, unknown>)[args.constraints[0] as string];
          if (typeof value !== 'number' || typeof other !== 'number') return true;
          return value <= other;
        },
      },
    });
  };
}
