import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { SecureUploaderStack } from '../lib/stacks/secure-uploader-stack.js';
import { SecureUploaderStorage } from '../lib/constructs/storage.js';

function nagReport(stack: Stack) {
  return new AwsSolutionsChecks().validateScope(stack);
}

describe('cdk-nag AwsSolutions', () => {
  for (const allowGuests of [false, true]) {
    it(`has no unacknowledged finding (guests ${allowGuests ? 'on' : 'off'})`, () => {
      const report = nagReport(new SecureUploaderStack(new App(), 'Nag', { allowGuests }));
      const findings = report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.resourceLogicalId).join(', ')}`);
      assert.deepEqual(findings, []);
      assert.equal(report.success, true);
    });
  }

  it('still flags a new wildcard: acknowledgements are per finding, not per rule', () => {
    const stack = new Stack(new App(), 'Wider');
    const role = new iam.Role(stack, 'R', { assumedBy: new iam.AccountRootPrincipal() });
    const storage = new SecureUploaderStorage(stack, 'Storage', { authenticatedRole: role });
    storage.authenticatedPolicy.addStatements(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [storage.bucket.arnForObjects('*')] }));
    const rules = nagReport(stack).violations.map((v) => v.ruleName);
    assert.ok(rules.some((r) => r.startsWith('AwsSolutions-IAM5')), `IAM5 expected, got ${rules.join(', ')}`);
  });

  it('every acknowledgement carries a reason', () => {
    const stack = new SecureUploaderStack(new App(), 'Reasons', { allowGuests: true });
    const acknowledged = stack.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
      .flatMap((m) => Object.entries(m.data as Record<string, string>));
    assert.ok(acknowledged.length >= 5, `found ${acknowledged.length}`);
    for (const [id, reason] of acknowledged) assert.ok(typeof reason === 'string' && reason.length > 30, `${id} has no reason`);
  });
});
