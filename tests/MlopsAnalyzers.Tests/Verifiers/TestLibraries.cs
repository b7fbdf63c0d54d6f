using System;
using Microsoft.CodeAnalysis.Testing;

namespace MlopsAnalyzers.Tests.Verifiers;

/// <summary>
/// Libraries a test compilation references besides the framework and ML.NET. None by default: a test asks for the
/// runtime library (fixes that rewrite code to it are offered only when it is referenced) or a cloud SDK.
/// </summary>
[Flags]
public enum TestLibraries
{
    None = 0,

    /// <summary>MlopsAnalyzers.Abstractions (<see cref="TestReferences.Abstractions"/>).</summary>
    Abstractions = 1,

    /// <summary>AWSSDK.S3 (<see cref="TestReferences.AwsS3"/>).</summary>
    AwsS3 = 2,

    /// <summary>Azure.Storage.Blobs (<see cref="TestReferences.AzureBlobs"/>).</summary>
    AzureBlobs = 4,

    /// <summary>The runtime library's S3 store (<see cref="TestReferences.AmazonS3Store"/>), with the runtime library and AWSSDK.S3.</summary>
    AmazonS3Store = 8 | Abstractions | AwsS3,

    /// <summary>The runtime library's Azure Blob store (<see cref="TestReferences.AzureBlobsStore"/>), with the runtime library and Azure.Storage.Blobs.</summary>
    AzureBlobsStore = 16 | Abstractions | AzureBlobs,
}

public static class TestLibrariesExtensions
{
    public static void AddTo(this TestLibraries libraries, SolutionState state)
    {
        if (libraries.HasFlag(TestLibraries.Abstractions))
        {
            state.AdditionalReferences.Add(TestReferences.Abstractions);
        }

        if (libraries.HasFlag(TestLibraries.AwsS3))
        {
            state.AdditionalReferences.AddRange(TestReferences.AwsS3);
        }

        if (libraries.HasFlag(TestLibraries.AzureBlobs))
        {
            state.AdditionalReferences.AddRange(TestReferences.AzureBlobs);
        }

        if (libraries.HasFlag(TestLibraries.AmazonS3Store))
        {
            state.AdditionalReferences.Add(TestReferences.AmazonS3Store);
        }

        if (libraries.HasFlag(TestLibraries.AzureBlobsStore))
        {
            state.AdditionalReferences.Add(TestReferences.AzureBlobsStore);
        }
    }
}
