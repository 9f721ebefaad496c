import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RemovalPolicy } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { identityPoolRoles, logicalIdOf, synthStack } from './template-helpers.js';

describe('user pool', () => {
  const { template } = synthStack();

  it('lets users sign themselves up by email, verified by an emailed code', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
      UsernameAttributes: ['email'],
      UsernameConfiguration: { CaseSensitive: false },
      AutoVerifiedAttributes: ['email'],
      VerificationMessageTemplate: Match.objectLike({ DefaultEmailOption: 'CONFIRM_WITH_CODE' }),
      Schema: [Match.objectLike({ Name: 'email', Required: true })],
    });
  });

  it('enforces a password policy with every character class', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: {
        PasswordPolicy: {
          MinimumLength: 8,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        },
      },
    });
  });

  it('recovers accounts by email only', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
    });
  });

  it('keeps users when the stack is deleted, unless asked to destroy', () => {
    template.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    template.hasResourceProperties('AWS::Cognito::UserPool', { DeletionProtection: 'ACTIVE' });
    const dev = synthStack({ removalPolicy: RemovalPolicy.DESTROY }).template;
    dev.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Delete' });
    dev.hasResourceProperties('AWS::Cognito::UserPool', { DeletionProtection: 'INACTIVE' });
  });
});

describe('app client', () => {
  const { template } = synthStack();

  it('has no secret and allows only SRP and refresh-token sign-in', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
    });
  });

  it('has no OAuth flows and so no placeholder callback URLs', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlowsUserPoolClient: false,
      AllowedOAuthFlows: Match.absent(),
      CallbackURLs: Match.absent(),
      LogoutURLs: Match.absent(),
    });
  });

  it('sets token validities deliberately', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AccessTokenValidity: 60,
      IdTokenValidity: 60,
      RefreshTokenValidity: 7 * 24 * 60,
      AuthSessionValidity: 3,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
    });
  });
});

describe('identity pool', () => {
  it('has the user pool as its provider and no guests by default', () => {
    const { template } = synthStack();
    const pool = logicalIdOf(template, 'AWS::Cognito::UserPool');
    const client = logicalIdOf(template, 'AWS::Cognito::UserPoolClient');
    template.hasResourceProperties('AWS::Cognito::IdentityPool', {
      AllowUnauthenticatedIdentities: false,
      AllowClassicFlow: false,
      CognitoIdentityProviders: [
        { ClientId: { Ref: client }, ProviderName: { 'Fn::GetAtt': [pool, 'ProviderName'] }, ServerSideTokenCheck: true },
      ],
    });
  });

  it('allows guests only when asked', () => {
    synthStack({ allowGuests: true }).template.hasResourceProperties('AWS::Cognito::IdentityPool', {
      AllowUnauthenticatedIdentities: true,
    });
  });

  it('attaches one role for signed-in users and one for guests', () => {
    const { template } = synthStack();
    const identityPool = logicalIdOf(template, 'AWS::Cognito::IdentityPool');
    const roles = identityPoolRoles(template);
    const roleIdWithAmr = (amr: string) => {
      const ids = Object.entries(roles)
        .filter(([, r]) => r.Properties.AssumeRolePolicyDocument.Statement[0].Condition['ForAnyValue:StringLike']['cognito-identity.amazonaws.com:amr'] === amr)
        .map(([id]) => id);
      assert.equal(ids.length, 1, `one role for ${amr}`);
      return ids[0]!;
    };
    template.hasResourceProperties('AWS::Cognito::IdentityPoolRoleAttachment', {
      IdentityPoolId: { Ref: identityPool },
      Roles: {
        authenticated: { 'Fn::GetAtt': [roleIdWithAmr('authenticated'), 'Arn'] },
        unauthenticated: { 'Fn::GetAtt': [roleIdWithAmr('unauthenticated'), 'Arn'] },
      },
    });
  });

  it('roles trust only cognito-identity, for this pool (aud) and the right kind of identity (amr)', () => {
    const { template } = synthStack();
    const identityPool = logicalIdOf(template, 'AWS::Cognito::IdentityPool');
    for (const amr of ['authenticated', 'unauthenticated']) {
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'sts:AssumeRoleWithWebIdentity',
              Principal: { Federated: 'cognito-identity.amazonaws.com' },
              Condition: {
                StringEquals: { 'cognito-identity.amazonaws.com:aud': { Ref: identityPool } },
                'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': amr },
              },
            },
          ],
        },
      });
    }
    assert.equal(Object.keys(identityPoolRoles(template)).length, 2, 'two roles visitors can take; the others are the limits Lambda\'s and CDK\'s');
  });
});

describe('multi-factor sign-in', () => {
  it('is optional by default, with authenticator apps only (no SMS)', () => {
    synthStack().template.hasResourceProperties('AWS::Cognito::UserPool', { MfaConfiguration: 'OPTIONAL', EnabledMfas: ['SOFTWARE_TOKEN_MFA'] });
  });

  it('follows the prop: required, or off', () => {
    synthStack({ mfa: 'required' }).template.hasResourceProperties('AWS::Cognito::UserPool', { MfaConfiguration: 'ON', EnabledMfas: ['SOFTWARE_TOKEN_MFA'] });
    synthStack({ mfa: 'off' }).template.hasResourceProperties('AWS::Cognito::UserPool', { MfaConfiguration: 'OFF', EnabledMfas: Match.absent() });
  });
});
