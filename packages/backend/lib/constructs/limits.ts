import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import { LIMIT_ENV, validateLimitSettings, type LimitSettings } from '../limits/limits.js';
import { LIMITS } from './defaults.js';
import { InvalidPropError } from './validation.js';

const BASIC_EXECUTION_ROLE = 'arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
/** The id CDK gives its singleton bucket-notification function. */
const BUCKET_NOTIFICATIONS_HANDLER = 'BucketNotificationsHandler050a0587b7544547bf325f094a3db834';

export interface SecureUploaderLimitsProps {
  /** The bucket whose new objects are checked. */
  readonly bucket: s3.Bucket;
  /**
   * Largest object a visitor may store, in bytes.
   * @default 5 GiB
   */
  readonly maxObjectBytes?: number;
  /**
   * Most bytes one identity may keep across its folders at every level.
   * @default 10 GiB
   */
  readonly quotaBytes?: number;
}

/**
 * Server-side limits: a Lambda runs for every new object (S3 ObjectCreated events) and removes
 * one that is larger than `maxObjectBytes` or brings its identity over `quotaBytes`, writing a
 * record under the owner's `.rejected/` folder that the element shows (lib/limits/limits.ts).
 * S3 cannot refuse such a PUT up front (no IAM condition bounds an upload's size), so the object
 * exists for the seconds until the event is handled.
 */
export class SecureUploaderLimits extends Construct {
  readonly settings: LimitSettings;
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: SecureUploaderLimitsProps) {
    super(scope, id);
    this.settings = { maxObjectBytes: props.maxObjectBytes ?? LIMITS.maxObjectBytes, quotaBytes: props.quotaBytes ?? LIMITS.quotaBytes };
    const problem = validateLimitSettings(this.settings);
    if (problem) throw new InvalidPropError('SecureUploaderLimits', problem.setting, problem.detail);

    this.function = new NodejsFunction(this, 'Enforce', {
      description: 'secure-uploader: removes new objects over the size limit or the owner\'s quota, and records why',
      entry: fileURLToPath(new URL('../limits/handler.ts', import.meta.url)),
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.minutes(1),
      environment: { [LIMIT_ENV.maxObjectBytes]: String(this.settings.maxObjectBytes), [LIMIT_ENV.quotaBytes]: String(this.settings.quotaBytes) },
      logGroup: new logs.LogGroup(this, 'Log', { retention: logs.RetentionDays.THREE_MONTHS }),
      bundling: { format: OutputFormat.ESM, minify: true, externalModules: ['@aws-sdk/*'], logLevel: LogLevel.ERROR },
    });
    // Exactly what enforceLimits does: list an identity's folders, remove an object (and its
    // version), write a record.
    this.function.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [props.bucket.bucketArn] }));
    this.function.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:PutObject'], resources: [props.bucket.arnForObjects('*')] }),
    );
    props.bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(this.function));

    const stack = Stack.of(this);
    const bucketLogicalId = stack.resolve(stack.getLogicalId(props.bucket.node.defaultChild as s3.CfnBucket)) as string;
    Validations.of(this.function).acknowledge(
      { id: `AwsSolutions-IAM4[Policy::${BASIC_EXECUTION_ROLE}]`, reason: 'AWSLambdaBasicExecutionRole only lets the function write its own logs.' },
      { id: `AwsSolutions-IAM5[Resource::<${bucketLogicalId}.Arn>/*]`, reason: 'Any identity\'s new object may break a limit, so the function removes objects and writes records anywhere in the bucket.' },
    );
    // CDK's own function that sets the bucket's notification configuration.
    const notifications = stack.node.tryFindChild(BUCKET_NOTIFICATIONS_HANDLER);
    if (notifications) {
      Validations.of(notifications).acknowledge({
        id: `AwsSolutions-IAM4[Policy::${BASIC_EXECUTION_ROLE}]`,
        reason: 'CDK\'s bucket-notification handler; AWSLambdaBasicExecutionRole only lets it write its own logs.',
      });
    }
  }
}
