using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using MlopsAnalyzers.Abstractions.Storage;

namespace MlopsAnalyzers.Abstractions.AzureBlobs;

/// <summary>
/// Azure Blob Storage as a registry or tracker store: block blobs under a container and prefix. Create-only writes use
/// <c>If-None-Match: *</c> (<see cref="ETag.All"/>), compare-and-swap uses <c>If-Match</c> on the blob's ETag; both are
/// enforced by Azure Storage and by Azurite.
/// </summary>
public sealed class AzureBlobObjectStore : ObjectStore
{
    /// <summary>The environment variable the connection string is read from: <c>AZURE_STORAGE_CONNECTION_STRING</c>.</summary>
    public const string ConnectionStringVariable = "AZURE_STORAGE_CONNECTION_STRING";

    private readonly BlobContainerClient _container;
    private readonly string _prefix;
    private readonly string _root;

    /// <summary>A store in <paramref name="container"/>, under <paramref name="prefix"/> (a folder-like path, may be empty).</summary>
    public AzureBlobObjectStore(BlobContainerClient container, string? prefix = null)
    {
        _container = container ?? throw new ArgumentNullException(nameof(container));
        _prefix = NormalizePrefix(prefix);
        _root = container.Uri.GetLeftPart(UriPartial.Path).TrimEnd('/') + (_prefix.Length == 0 ? "" : "/" + _prefix.TrimEnd('/'));
    }

    /// <inheritdoc />
    public override string Root => _root;

    /// <summary>
    /// The store of a root URL, <c>https://&lt;account&gt;.blob.core.windows.net/&lt;container&gt;/&lt;prefix&gt;</c> or
    /// the path-style form of the emulator, <c>http://127.0.0.1:10000/devstoreaccount1/&lt;container&gt;/&lt;prefix&gt;</c>.
    /// Credentials: a SAS in the URL's query, else the connection string in <c>AZURE_STORAGE_CONNECTION_STRING</c>
    /// (whose blob endpoint must be the root's account).
    /// </summary>
    /// <exception cref="ArgumentException">The URL names no container.</exception>
    /// <exception cref="InvalidOperationException">No credentials are configured, or the connection string is for another account.</exception>
    public static AzureBlobObjectStore FromRoot(string root) => FromRoot(root, null);

    /// <summary>
    /// The store of a root URL (see <see cref="FromRoot(string)"/>) authenticated with <paramref name="credential"/>
    /// (for example <c>DefaultAzureCredential</c> from Azure.Identity) when one is given.
    /// </summary>
    public static AzureBlobObjectStore FromRoot(string root, TokenCredential? credential)
    {
        if (!Uri.TryCreate(root, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"'{root}' is not a blob container URL (https://<account>.blob.core.windows.net/<container>/<prefix>).", nameof(root));
        }

        // Path-style URLs (an IP address or localhost: the emulator) carry the account as their first segment.
        var segments = uri.AbsolutePath.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToList();
        var pathStyle = uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 || string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase);
        var skip = pathStyle ? 1 : 0;
        if (segments.Count <= skip)
        {
            throw new ArgumentException($"'{root}' names no blob container: write https://<account>.blob.core.windows.net/<container>/<prefix>.", nameof(root));
        }

        var serviceUri = new Uri(uri.GetLeftPart(UriPartial.Authority) + (pathStyle ? "/" + segments[0] : ""));
        var containerName = segments[skip];
        var prefix = string.Join("/", segments.Skip(skip + 1));
        var containerUri = new Uri(serviceUri.AbsoluteUri.TrimEnd('/') + "/" + containerName + uri.Query);

        BlobContainerClient container;
        if (credential is not null)
        {
            container = new BlobContainerClient(new Uri(serviceUri.AbsoluteUri.TrimEnd('/') + "/" + containerName), credential);
        }
        else if (!string.IsNullOrEmpty(uri.Query))
        {
            container = new BlobContainerClient(containerUri);
        }
        else
        {
            var connectionString = Environment.GetEnvironmentVariable(ConnectionStringVariable);
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException(
                    $"No credentials for '{root}': set the environment variable {ConnectionStringVariable} to the storage account's connection string, " +
                    "put a SAS token in the URL, or pass a TokenCredential to AzureBlobObjectStore.FromRoot.");
            }

            var service = new BlobServiceClient(connectionString);
            if (!SameService(service.Uri, serviceUri))
            {
                throw new InvalidOperationException(
                    $"The connection string in {ConnectionStringVariable} is for '{service.Uri}', not for the account of '{root}' ('{serviceUri}'). " +
                    "Set the connection string of the account the root names.");
            }

            container = service.GetBlobContainerClient(containerName);
        }

        return new AzureBlobObjectStore(container, prefix);
    }

    /// <inheritdoc />
    public override async Task<StoredObject?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var result = await Blob(key).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return new StoredObject(result.Value.Content.ToArray(), result.Value.Details.ETag.ToString());
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.BlobNotFound)
        {
            return null;
        }
        catch (RequestFailedException e)
        {
            throw Explain(e, key);
        }
    }

    /// <inheritdoc />
    public override Task<string?> TryCreateAsync(string key, byte[] content, CancellationToken cancellationToken)
        => TryUploadAsync(key, content, new BlobRequestConditions { IfNoneMatch = ETag.All }, cancellationToken);

    /// <inheritdoc />
    public override Task<string?> TryReplaceAsync(string key, byte[] content, string etag, CancellationToken cancellationToken)
        => TryUploadAsync(key, content, new BlobRequestConditions { IfMatch = new ETag(etag) }, cancellationToken);

    /// <inheritdoc />
    public override async Task PutAsync(string key, byte[] content, CancellationToken cancellationToken)
    {
        try
        {
            await Blob(key).UploadAsync(BinaryData.FromBytes(content), overwrite: true, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e)
        {
            throw Explain(e, key);
        }
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        try
        {
            await foreach (var item in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, _prefix + prefix, cancellationToken).ConfigureAwait(false))
            {
                keys.Add(item.Name.Substring(_prefix.Length));
            }
        }
        catch (RequestFailedException e)
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
            await Blob(key).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e)
        {
            throw Explain(e, key);
        }
    }

    /// <inheritdoc />
    public override string ToString() => "Azure Blob Storage at " + Root;

    private static string NormalizePrefix(string? prefix)
    {
        var trimmed = (prefix ?? "").Trim('/');
        return trimmed.Length == 0 ? "" : trimmed + "/";
    }

    private static bool SameService(Uri a, Uri b)
        => string.Equals(a.GetLeftPart(UriPartial.Path).TrimEnd('/'), b.GetLeftPart(UriPartial.Path).TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    private BlobClient Blob(string key) => _container.GetBlobClient(_prefix + key);

    private async Task<string?> TryUploadAsync(string key, byte[] content, BlobRequestConditions conditions, CancellationToken cancellationToken)
    {
        try
        {
            var result = await Blob(key).UploadAsync(BinaryData.FromBytes(content), new BlobUploadOptions { Conditions = conditions }, cancellationToken).ConfigureAwait(false);
            return result.Value.ETag.ToString();
        }
        catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed
            || e.ErrorCode == BlobErrorCode.BlobNotFound || e.ErrorCode == BlobErrorCode.BlobAlreadyExists || e.ErrorCode == BlobErrorCode.ConditionNotMet)
        {
            return null;
        }
        catch (RequestFailedException e)
        {
            throw Explain(e, key);
        }
    }

    private Exception Explain(RequestFailedException e, string key)
        => e.ErrorCode == BlobErrorCode.ContainerNotFound
            ? new InvalidOperationException($"The blob container of '{Root}' does not exist: create it (az storage container create) or fix the root.", e)
            : new InvalidOperationException($"Azure Blob Storage refused a request for '{Describe(key)}': {e.Status} {e.ErrorCode} ({e.Message.Split('\n')[0]}).", e);
}
