using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using MlopsAnalyzers.Abstractions.Storage;

namespace MlopsAnalyzers.Abstractions.AmazonS3;

/// <summary>
/// Amazon S3 (or an S3-compatible server) as a registry or tracker store: objects under a bucket and prefix.
/// Create-only writes are <c>PutObject</c> with <c>If-None-Match: *</c>, compare-and-swap is <c>PutObject</c> with
/// <c>If-Match</c> on the ETag; Amazon S3 enforces both (since 2024). Some S3-compatible servers ignore them, which the
/// registry detects with <see cref="ObjectStore.ProbeConditionalWritesAsync"/>.
/// </summary>
public sealed class S3ObjectStore : ObjectStore
{
    private readonly IAmazonS3 _client;
    private readonly string _bucket;
    private readonly string _prefix;

    /// <summary>A store in <paramref name="bucket"/> under <paramref name="prefix"/>, with the given client.</summary>
    public S3ObjectStore(IAmazonS3 client, string bucket, string? prefix = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _bucket = string.IsNullOrWhiteSpace(bucket) ? throw new ArgumentException("A bucket name is required.", nameof(bucket)) : bucket;
        var trimmed = (prefix ?? "").Trim('/');
        _prefix = trimmed.Length == 0 ? "" : trimmed + "/";
    }

    /// <inheritdoc />
    public override string Root => "s3://" + _bucket + (_prefix.Length == 0 ? "" : "/" + _prefix.TrimEnd('/'));

    /// <summary>
    /// The store of <c>s3://bucket/prefix</c>, with a client configured the SDK's usual way: the default credential chain
    /// (environment, profile, instance role, ...), the region from <c>AWS_REGION</c> or the profile, and the endpoint from
    /// <c>AWS_ENDPOINT_URL_S3</c> or <c>AWS_ENDPOINT_URL</c> when set. With such an endpoint (an S3-compatible server)
    /// requests use path-style addressing and send checksums only when required, which such servers expect.
    /// </summary>
    /// <exception cref="ArgumentException">The root is not <c>s3://bucket[/prefix]</c>.</exception>
    public static S3ObjectStore FromRoot(string root)
    {
        if (root is null || !root.StartsWith("s3://", StringComparison.OrdinalIgnoreCase) || root.Length <= 5)
        {
            throw new ArgumentException($"'{root}' is not an S3 root: write s3://bucket/prefix.", nameof(root));
        }

        var rest = root.Substring(5);
        var slash = rest.IndexOf('/');
        var bucket = slash < 0 ? rest : rest.Substring(0, slash);
        var prefix = slash < 0 ? "" : rest.Substring(slash + 1);
        var config = new AmazonS3Config();
        var endpoint = Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_S3");
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            endpoint = Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL");
        }

        if (!string.IsNullOrWhiteSpace(endpoint))
        {
            config.ServiceURL = endpoint!.Trim();
            config.ForcePathStyle = true;
            config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
            config.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
            var region = Environment.GetEnvironmentVariable("AWS_REGION");
            if (!string.IsNullOrWhiteSpace(region))
            {
                config.AuthenticationRegion = region;
            }
        }

        return new S3ObjectStore(new AmazonS3Client(config), bucket, prefix);
    }

    /// <inheritdoc />
    public override async Task<StoredObject?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _client.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = _prefix + key }, cancellationToken).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            await response.ResponseStream.CopyToAsync(buffer, 81920, cancellationToken).ConfigureAwait(false);
            return new StoredObject(buffer.ToArray(), response.ETag);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode != "NoSuchBucket")
        {
            return null;
        }
        catch (AmazonS3Exception e)
        {
            throw Explain(e, key);
        }
    }

    /// <inheritdoc />
    public override Task<string?> TryCreateAsync(string key, byte[] content, CancellationToken cancellationToken)
        => TryPutAsync(key, content, r => r.IfNoneMatch = "*", cancellationToken);

    /// <inheritdoc />
    public override Task<string?> TryReplaceAsync(string key, byte[] content, string etag, CancellationToken cancellationToken)
        => TryPutAsync(key, content, r => r.IfMatch = etag, cancellationToken);

    /// <inheritdoc />
    public override async Task PutAsync(string key, byte[] content, CancellationToken cancellationToken)
    {
        if (await TryPutAsync(key, content, _ => { }, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new InvalidOperationException($"Amazon S3 refused an unconditional write of '{Describe(key)}'.");
        }
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = _bucket, Prefix = _prefix + prefix };
        try
        {
            while (true)
            {
                var response = await _client.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
                foreach (var item in response.S3Objects ?? new List<S3Object>())
                {
                    keys.Add(item.Key.Substring(_prefix.Length));
                }

                if (response.IsTruncated != true || string.IsNullOrEmpty(response.NextContinuationToken))
                {
                    break;
                }

                request.ContinuationToken = response.NextContinuationToken;
            }
        }
        catch (AmazonS3Exception e)
        {
            throw Explain(e, prefix);
        }

        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    /// <inheritdoc />
    public override async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _bucket, Key = _prefix + key }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode != "NoSuchBucket")
        {
        }
        catch (AmazonS3Exception e)
        {
            throw Explain(e, key);
        }
    }

    /// <inheritdoc />
    public override string ToString() => "Amazon S3 at " + Root;

    private async Task<string?> TryPutAsync(string key, byte[] content, Action<PutObjectRequest> condition, CancellationToken cancellationToken)
    {
        // Plain (not aws-chunked) bodies: some S3-compatible servers store chunk framing verbatim.
        var request = new PutObjectRequest
        {
            BucketName = _bucket,
            Key = _prefix + key,
            InputStream = new MemoryStream(content, writable: false),
            UseChunkEncoding = false,
            AutoCloseStream = true,
        };
        condition(request);
        try
        {
            var response = await _client.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
            return response.ETag ?? throw new InvalidOperationException($"Amazon S3 returned no ETag for '{Describe(key)}'.");
        }
        catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict || (e.StatusCode == HttpStatusCode.NotFound && request.IfMatch is not null && e.ErrorCode != "NoSuchBucket"))
        {
            // 412: the condition failed; 409 ConditionalRequestConflict: a concurrent conditional write won.
            return null;
        }
        catch (AmazonS3Exception e)
        {
            throw Explain(e, key);
        }
    }

    private Exception Explain(AmazonS3Exception e, string key)
        => e.ErrorCode == "NoSuchBucket"
            ? new InvalidOperationException($"The bucket of '{Root}' does not exist: create it or fix the root.", e)
            : new InvalidOperationException($"Amazon S3 refused a request for '{Describe(key)}': {(int)e.StatusCode} {e.ErrorCode} ({e.Message}).", e);
}
