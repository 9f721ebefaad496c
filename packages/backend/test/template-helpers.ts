import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { SecureUploaderStack, type SecureUploaderStackProps } from '../lib/stacks/secure-uploader-stack.js';

/** Synthesizes a fresh stack with the given props. */
export function synthStack(props: SecureUploaderStackProps = {}): { stack: SecureUploaderStack; template: Template } {
  const app = new App();
  const stack = new SecureUploaderStack(app, 'Test', props);
  return { stack, template: Template.fromStack(stack) };
}

/** One IAM statement as CloudFormation holds it. */
export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
  Principal?: unknown;
}

/**
 * Renders a CloudFormation value (string, Ref, Fn::GetAtt, Fn::Join) as readable text:
 * `<LogicalId.Attr>` for attributes, `<LogicalId>` for refs, so tests read like ARNs.
 */
export function render(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('Ref' in v) return `<${String(v.Ref)}>`;
    if ('Fn::GetAtt' in v) return `<${(v['Fn::GetAtt'] as string[]).join('.')}>`;
    if ('Fn::Join' in v) {
      const [separator, parts] = v['Fn::Join'] as [string, unknown[]];
      return parts.map(render).join(separator);
    }
  }
  throw new Error(`cannot render ${JSON.stringify(value)}`);
}

export const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Every statement of every identity policy (AWS::IAM::Policy and role inline policies). */
export function identityStatements(template: Template): { owner: string; statement: Statement }[] {
  const found: { owner: string; statement: Statement }[] = [];
  for (const [id, resource] of Object.entries(template.findResources('AWS::IAM::Policy'))) {
    for (const statement of resource.Properties.PolicyDocument.Statement as Statement[]) found.push({ owner: id, statement });
  }
  for (const [id, resource] of Object.entries(template.findResources('AWS::IAM::Role'))) {
    for (const policy of list(resource.Properties.Policies) as { PolicyDocument: { Statement: Statement[] } }[]) {
      for (const statement of policy.PolicyDocument.Statement) found.push({ owner: id, statement });
    }
  }
  return found;
}

export function logicalIdOf(template: Template, type: string): string {
  const ids = Object.keys(template.findResources(type));
  if (ids.length !== 1) throw new Error(`expected one ${type}, found ${ids.length}`);
  return ids[0]!;
}

/** The roles an identity pool can hand out (trusting cognito-identity.amazonaws.com), by logical id. */
export function identityPoolRoles(template: Template): ReturnType<Template['findResources']> {
  return Object.fromEntries(
    Object.entries(template.findResources('AWS::IAM::Role')).filter(([, role]) =>
      JSON.stringify(role.Properties.AssumeRolePolicyDocument).includes('cognito-identity.amazonaws.com'),
    ),
  );
}
