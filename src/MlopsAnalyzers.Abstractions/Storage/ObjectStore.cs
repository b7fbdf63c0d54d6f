using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace MlopsAnalyzers.Abstractions.Storage;

/// <summary>
/// An object store under a root (an S3 bucket and prefix, a blob container and prefix): whole objects addressed by
/// keys, with the two conditional writes the registry's promises rest on, a create-only write (<c>If-None-Match: *</c>)
/// and a compare-and-swap on the entity tag (<c>If-Match</c>). <see cref="ObjectStoreModelRegistry"/> keeps its data
/// in one; the packages
/// <c>MlopsAnalyzers.Abstractions.AmazonS3</c> and <c>MlopsAnalyzers.Abstractions.AzureBlobs</c> provide them.
/// </summary>
/// <remarks>Keys are relative to the root and use '/' as separator; implementations add their prefix.</remarks>
public abstract class ObjectStore
{
    /// <summary>The root as users write it (<c>s3://bucket/prefix</c>, a container URL), for messages.</summary>
    public abstract string Root { get; }

    /// <summary>The location of <paramref name="key"/> as users write it, for messages.</summary>
    public virtual string Describe(string key) => Root.TrimEnd('/') + "/" + key;

    /// <summary>The content and entity tag of an object; null when there is no such object.</summary>
    public abstract Task<StoredObject?> ReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Writes an object only if none exists under <paramref name="key"/> (<c>If-None-Match: *</c>); returns its entity
    /// tag, or null when the key was taken. On a server that ignores the condition this overwrites: see
    /// <see cref="ProbeConditionalWritesAsync"/>.
    /// </summary>
    public abstract Task<string?> TryCreateAsync(string key, byte[] content, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces an object only if its entity tag is still <paramref name="etag"/> (<c>If-Match</c>); returns the new
    /// tag, or null when the object changed or disappeared meanwhile.
    /// </summary>
    public abstract Task<string?> TryReplaceAsync(string key, byte[] content, string etag, CancellationToken cancellationToken);

    /// <summary>Writes an object unconditionally (used only for content no other writer can address: a claimed version's files).</summary>
    public abstract Task PutAsync(string key, byte[] content, CancellationToken cancellationToken);

    /// <summary>The keys that start with <paramref name="prefix"/>, in ordinal order.</summary>
    public abstract Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Deletes an object; no error when it does not exist.</summary>
    public abstract Task DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the server honours <c>If-None-Match: *</c> on writes: creates a probe object twice and checks that the
    /// second write is refused (then deletes it). Some S3-compatible servers ignore the condition and overwrite.
    /// </summary>
    public virtual async Task<bool> ProbeConditionalWritesAsync(CancellationToken cancellationToken)
    {
        var key = ".mlops-probe/" + Guid.NewGuid().ToString("N");
        try
        {
            if (await TryCreateAsync(key, new byte[] { 1 }, cancellationToken).ConfigureAwait(false) is null)
            {
                throw new InvalidOperationException($"The probe object '{Describe(key)}' already existed.");
            }

            return await TryCreateAsync(key, new byte[] { 2 }, cancellationToken).ConfigureAwait(false) is null;
        }
        finally
        {
            await DeleteAsync(key, CancellationToken.None).ConfigureAwait(false);
        }
    }
}

/// <summary>An object's content and entity tag.</summary>
public sealed class StoredObject
{
    /// <summary>Creates the value.</summary>
    public StoredObject(byte[] content, string etag)
    {
        Content = content ?? throw new ArgumentNullException(nameof(content));
        ETag = etag ?? throw new ArgumentNullException(nameof(etag));
    }

    /// <summary>The bytes.</summary>
    public byte[] Content { get; }

    /// <summary>The entity tag, for <see cref="ObjectStore.TryReplaceAsync"/>.</summary>
    public string ETag { get; }
}

/// <summary>How the registry and the tracker use an object store.</summary>
public sealed class ObjectStoreOptions
{
    /// <summary>
    /// The caller promises that only one process writes to the root at a time. Needed on servers that ignore
    /// conditional writes (the probe found that they overwrite), where concurrent writers could lose versions or aliases;
    /// with it, writes go ahead there without that guarantee.
    /// </summary>
    public bool SingleWriter { get; set; }
}
