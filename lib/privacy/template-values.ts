/**
 * Reading a synthesized CloudFormation template (parsed JSON, so `unknown` everywhere) without unchecked casts.
 */

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Readonly<Record<string, unknown>>;
  readonly Metadata?: Readonly<Record<string, unknown>>;
  readonly DeletionPolicy?: string;
  readonly DependsOn?: string | readonly string[];
}

export interface CfnTemplate {
  readonly Resources?: Readonly<Record<string, CfnResource>>;
}

export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at `path` (object keys or array indexes), undefined when any step is missing. */
export function valueAt(value: unknown, ...path: Array<string | number>): unknown {
  let current = value;
  for (const step of path) {
    if (typeof step === 'number') current = Array.isArray(current) ? (current as unknown[])[step] : undefined;
    else current = isRecord(current) ? current[step] : undefined;
  }
  return current;
}

export function arrayAt(value: unknown, ...path: Array<string | number>): readonly unknown[] {
  const found = valueAt(value, ...path);
  return Array.isArray(found) ? (found as unknown[]) : [];
}

export function numberAt(value: unknown, ...path: Array<string | number>): number | undefined {
  const found = valueAt(value, ...path);
  return typeof found === 'number' ? found : undefined;
}

export function stringAt(value: unknown, ...path: Array<string | number>): string | undefined {
  const found = valueAt(value, ...path);
  return typeof found === 'string' ? found : undefined;
}

/** A parsed template with the shape this module reads; anything else in it is kept as `unknown`. */
export function parseTemplate(text: string): CfnTemplate {
  const parsed: unknown = JSON.parse(text);
  const resources: Record<string, CfnResource> = {};
  for (const [logicalId, resource] of Object.entries(isRecord(parsed) && isRecord(parsed.Resources) ? parsed.Resources : {})) {
    const type = stringAt(resource, 'Type');
    if (type === undefined) continue;
    const properties = valueAt(resource, 'Properties');
    const metadata = valueAt(resource, 'Metadata');
    const dependsOn = valueAt(resource, 'DependsOn');
    resources[logicalId] = {
      Type: type,
      Properties: isRecord(properties) ? properties : undefined,
      Metadata: isRecord(metadata) ? metadata : undefined,
      DeletionPolicy: stringAt(resource, 'DeletionPolicy'),
      DependsOn: typeof dependsOn === 'string' ? dependsOn : arrayAt(resource, 'DependsOn').filter((id) => typeof id === 'string'),
    };
  }
  return { Resources: resources };
}

export function resourcesOf(template: CfnTemplate): Array<[string, CfnResource]> {
  return Object.entries(template.Resources ?? {});
}

/** A readable rendering of a CloudFormation string value: literals as they are, references as `<LogicalId>`. */
export function displayValue(value: unknown): string {
  if (typeof value === 'string') return value;
  const ref = stringAt(value, 'Ref');
  if (ref !== undefined) return `<${ref}>`;
  const getAtt = arrayAt(value, 'Fn::GetAtt');
  if (getAtt.length > 0) return `<${getAtt.map(String).join('.')}>`;
  const join = arrayAt(value, 'Fn::Join');
  if (join.length === 2 && typeof join[0] === 'string') return arrayAt(join[1]).map(displayValue).join(join[0]);
  return JSON.stringify(value);
}

/** Whether `value` (any CloudFormation expression) refers to the resource `logicalId`. */
export function refersTo(value: unknown, logicalId: string): boolean {
  const text = JSON.stringify(value ?? null);
  return text.includes(`{"Ref":"${logicalId}"}`) || text.includes(`"Fn::GetAtt":["${logicalId}"`);
}
