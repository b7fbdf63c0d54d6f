using System;

namespace MlopsAnalyzers.Abstractions.Storage;

/// <summary>
/// Opens the object store a root names. <c>s3://bucket/prefix</c> is Amazon S3 (package
/// <c>MlopsAnalyzers.Abstractions.AmazonS3</c>); an <c>https://</c> or <c>http://</c> URL is Azure Blob Storage
/// (<c>https://&lt;account&gt;.blob.core.windows.net/&lt;container&gt;/&lt;prefix&gt;</c>, or the emulator's
/// <c>http://127.0.0.1:10000/devstoreaccount1/&lt;container&gt;</c>; package <c>MlopsAnalyzers.Abstractions.AzureBlobs</c>).
/// Anything else is a folder. The store packages are found at run time, so this package depends on neither SDK.
/// </summary>
public static class StoreRoots
{
    /// <summary>The package of the Amazon S3 store.</summary>
    public const string AmazonS3Package = "MlopsAnalyzers.Abstractions.AmazonS3";

    /// <summary>The package of the Azure Blob Storage store.</summary>
    public const string AzureBlobsPackage = "MlopsAnalyzers.Abstractions.AzureBlobs";

    /// <summary>True when <paramref name="root"/> names an object store rather than a folder.</summary>
    public static bool IsObjectStoreRoot(string root)
        => root is not null
        && (root.StartsWith("s3://", StringComparison.OrdinalIgnoreCase)
            || root.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            || root.StartsWith("http://", StringComparison.OrdinalIgnoreCase));

    /// <summary>Opens the object store of <paramref name="root"/>, with the credentials of its SDK's usual places.</summary>
    /// <exception cref="ArgumentException">The root is not an object-store root.</exception>
    /// <exception cref="InvalidOperationException">The store's package is not referenced; the message names it.</exception>
    public static ObjectStore Open(string root)
    {
        if (!IsObjectStoreRoot(root))
        {
            throw new ArgumentException($"'{root}' is not an object-store root (s3://bucket/prefix or a blob container URL).", nameof(root));
        }

        var s3 = root.StartsWith("s3://", StringComparison.OrdinalIgnoreCase);
        var package = s3 ? AmazonS3Package : AzureBlobsPackage;
        var typeName = s3
            ? "MlopsAnalyzers.Abstractions.AmazonS3.S3ObjectStore, " + AmazonS3Package
            : "MlopsAnalyzers.Abstractions.AzureBlobs.AzureBlobObjectStore, " + AzureBlobsPackage;
        Type? type;
        try
        {
            type = Type.GetType(typeName, throwOnError: false);
        }
        catch (Exception e) when (e is System.IO.IOException or BadImageFormatException)
        {
            throw Missing(root, package, s3, e);
        }

        var open = type?.GetMethod("FromRoot", new[] { typeof(string) });
        if (open is null)
        {
            throw Missing(root, package, s3, null);
        }

        try
        {
            return (ObjectStore)open.Invoke(null, new object[] { root })!;
        }
        catch (System.Reflection.TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    private static InvalidOperationException Missing(string root, string package, bool s3, Exception? inner)
        => new($"'{root}' is an {(s3 ? "Amazon S3" : "Azure Blob Storage")} location, and its store is in the package {package}, which this application does not reference. Add it: dotnet add package {package}", inner);
}
