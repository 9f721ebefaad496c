import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { objectKey } from '../src/lib/keys.js';
import { readRejection, rejectionKey, rejectionsPrefix } from '../src/lib/rejections.js';

const ID = 'eu-west-1:0b5c2f7e-1111-2222-3333-444455556666';

describe('records of files the backend removed', () => {
  it('are kept under the owner\'s .rejected/ folder with the reason, and read back from the key alone', () => {
    const key = objectKey(`private/${ID}/Holiday/`, 'Beach 1.jpg', 'lz8k2abc1xyz', true);
    const record = rejectionKey(key, 'over-quota')!;
    assert.equal(record, `private/${ID}/.rejected/over-quota/Holiday/lz8k2abc1xyz_Beach%201.jpg`);
    assert.ok(record.startsWith(rejectionsPrefix(`private/${ID}/`)));
    assert.deepEqual(readRejection(record), { recordKey: record, reason: 'over-quota', key, name: 'Beach 1.jpg' });
    assert.equal(readRejection(rejectionKey(`public/${ID}/lz8k2abc1xyz-a.bin`, 'too-large')!)?.reason, 'too-large');
    assert.equal(rejectionKey('public/lz8k2abc1xyz-a.bin', 'too-large'), 'public/.rejected/too-large/lz8k2abc1xyz-a.bin', 'Amplify Gen 1\'s shared public/');
  });

  it('ignores anything else', () => {
    assert.equal(readRejection(`private/${ID}/.rejected/unknown/x.bin`), undefined);
    assert.equal(readRejection(`private/${ID}/x.bin`), undefined);
    assert.equal(rejectionKey('elsewhere/x.bin', 'too-large'), undefined);
  });
});
