using Microsoft.CodeAnalysis;

namespace MlopsAnalyzers.Artifacts;

/// <summary>
/// The non-ML.NET types that model artifacts travel through: files and streams, URIs, AWS S3 and Azure Blob clients,
/// ML.NET's ONNX export and Microsoft.Extensions.ML's <c>PredictionEnginePool</c> builder. Each is null when the
/// compilation does not reference it. Resolved once per compilation, with <see cref="MlNetSymbols"/>.
/// </summary>
internal sealed class ArtifactSymbols
{
    internal ArtifactSymbols(Compilation compilation)
    {
        File = compilation.GetBestTypeByMetadataName("System.IO.File");
        Path = compilation.GetBestTypeByMetadataName("System.IO.Path");
        Stream = compilation.GetBestTypeByMetadataName("System.IO.Stream");
        FileStream = compilation.GetBestTypeByMetadataName("System.IO.FileStream");
        Uri = compilation.GetBestTypeByMetadataName("System.Uri");
        JsonSerializer = compilation.GetBestTypeByMetadataName("System.Text.Json.JsonSerializer");
        NewtonsoftJsonConvert = compilation.GetBestTypeByMetadataName("Newtonsoft.Json.JsonConvert");
        TransferUtility = compilation.GetBestTypeByMetadataName("Amazon.S3.Transfer.TransferUtility");
        ITransferUtility = compilation.GetBestTypeByMetadataName("Amazon.S3.Transfer.ITransferUtility");
        TransferUtilityUploadRequest = compilation.GetBestTypeByMetadataName("Amazon.S3.Transfer.TransferUtilityUploadRequest");
        IAmazonS3 = compilation.GetBestTypeByMetadataName("Amazon.S3.IAmazonS3");
        PutObjectRequest = compilation.GetBestTypeByMetadataName("Amazon.S3.Model.PutObjectRequest");
        BlobClient = compilation.GetBestTypeByMetadataName("Azure.Storage.Blobs.BlobClient");
        BlockBlobClient = compilation.GetBestTypeByMetadataName("Azure.Storage.Blobs.Specialized.BlockBlobClient");
        BlobContainerClient = compilation.GetBestTypeByMetadataName("Azure.Storage.Blobs.BlobContainerClient");
        OnnxExportExtensions = compilation.GetBestTypeByMetadataName("Microsoft.ML.OnnxExportExtensions");
        PredictionEnginePoolBuilderExtensions = compilation.GetBestTypeByMetadataName("Microsoft.Extensions.ML.BuilderExtensions");
    }

    public INamedTypeSymbol? File { get; }

    public INamedTypeSymbol? Path { get; }

    public INamedTypeSymbol? Stream { get; }

    public INamedTypeSymbol? FileStream { get; }

    public INamedTypeSymbol? Uri { get; }

    public INamedTypeSymbol? JsonSerializer { get; }

    public INamedTypeSymbol? NewtonsoftJsonConvert { get; }

    public INamedTypeSymbol? TransferUtility { get; }

    public INamedTypeSymbol? ITransferUtility { get; }

    public INamedTypeSymbol? TransferUtilityUploadRequest { get; }

    public INamedTypeSymbol? IAmazonS3 { get; }

    public INamedTypeSymbol? PutObjectRequest { get; }

    public INamedTypeSymbol? BlobClient { get; }

    public INamedTypeSymbol? BlockBlobClient { get; }

    public INamedTypeSymbol? BlobContainerClient { get; }

    /// <summary>ML.NET's <c>mlContext.Model.ConvertToOnnx</c> (Microsoft.ML.OnnxConverter).</summary>
    public INamedTypeSymbol? OnnxExportExtensions { get; }

    /// <summary>Microsoft.Extensions.ML's <c>FromFile</c>/<c>FromUri</c> on a <c>PredictionEnginePoolBuilder</c>.</summary>
    public INamedTypeSymbol? PredictionEnginePoolBuilderExtensions { get; }

    public static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected)
        => expected is not null && SymbolEqualityComparer.Default.Equals(type?.OriginalDefinition, expected);

    /// <summary>True when <paramref name="type"/> is <paramref name="expected"/>, derives from it or implements it.</summary>
    public static bool IsOrImplements(ITypeSymbol? type, INamedTypeSymbol? expected)
    {
        if (expected is null || type is null)
        {
            return false;
        }

        if (type.InheritsFrom(expected))
        {
            return true;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, expected))
            {
                return true;
            }
        }

        return false;
    }
}
