"""Drives the local backend with boto3 (Debian's python3-boto3): a multipart upload, download,
listing, presigned GET and multipart copy of one file. Prints one JSON object of results.

Usage: boto3_roundtrip.py ENDPOINT REGION BUCKET PREFIX FILE  (credentials from the environment)
"""
import hashlib
import json
import sys
import tempfile
import urllib.request

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config

endpoint, region, bucket, prefix, path = sys.argv[1:6]
s3 = boto3.client(
    "s3",
    endpoint_url=endpoint,
    region_name=region,
    config=Config(signature_version="s3v4", s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
)
transfer = TransferConfig(multipart_threshold=8 * 1024 * 1024, multipart_chunksize=8 * 1024 * 1024, max_concurrency=4)


def md5_of_file(name):
    digest = hashlib.md5()
    with open(name, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


key = prefix + "boto3/big.bin"
s3.upload_file(path, bucket, key, Config=transfer)
head = s3.head_object(Bucket=bucket, Key=key)
with tempfile.NamedTemporaryFile() as out:
    s3.download_file(bucket, key, out.name, Config=transfer)
    downloaded = md5_of_file(out.name)
listed = s3.list_objects_v2(Bucket=bucket, Prefix=prefix + "boto3/")
url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": key}, ExpiresIn=60)
presigned = hashlib.md5(urllib.request.urlopen(url).read()).hexdigest()
s3.copy({"Bucket": bucket, "Key": key}, bucket, prefix + "boto3/copy.bin", Config=transfer)
copy_head = s3.head_object(Bucket=bucket, Key=prefix + "boto3/copy.bin")
try:
    s3.put_object(Bucket=bucket, Key="private/someone-else/x", Body=b"x")
    other = "allowed"
except s3.exceptions.ClientError as error:
    other = error.response["Error"]["Code"]

print(json.dumps({
    "etag": head["ETag"],
    "size": head["ContentLength"],
    "downloaded": downloaded,
    "listed": [o["Key"] for o in listed.get("Contents", [])],
    "presigned": presigned,
    "copySize": copy_head["ContentLength"],
    "copyEtag": copy_head["ETag"],
    "otherPrefix": other,
}))
