using System.Threading.Tasks;
using MlopsAnalyzers.CodeFixes;
using MlopsAnalyzers.Tests.Verifiers;

namespace MlopsAnalyzers.Tests.Rules;

public class MLOPS102_ModelArtifactMovedByHandTests
{
    private const TestLibraries Clouds = TestLibraries.AwsS3 | TestLibraries.AzureBlobs;

    private static string Publisher(string body) => $$"""
        using System;
        using System.IO;
        using System.Threading.Tasks;
        using Amazon.S3;
        using Amazon.S3.Model;
        using Amazon.S3.Transfer;
        using Azure.Storage.Blobs;
        using Microsoft.ML;

        public class Publisher
        {
            public async Task Publish(MLContext ml, ITransformer model, IDataView data, string path, TransferUtility transfer, IAmazonS3 s3, BlobClient blob, BlobContainerClient container, Stream destination)
            {
                {{body}}
            }
        }
        """;

    // ---------------------------------------------------------------- flagged

    [Theory]
    [InlineData("ml.Model.Save(model, data.Schema, path); {|MLOPS102:File.Copy(path, \"/srv/prod/churn.zip\")|};")]
    [InlineData("ml.Model.Save(model, data.Schema, path); {|MLOPS102:File.Move(path, \"/srv/prod/churn.zip\", overwrite: true)|};")]
    [InlineData("ml.Model.Save(model, data.Schema, \"churn.zip\"); {|MLOPS102:File.Copy(\"churn.zip\", path)|};")]
    [InlineData("{|MLOPS102:File.Copy(\"exports/churn.onnx\", path)|};")]
    [InlineData("{|MLOPS102:File.Copy(Path.Combine(path, \"MLModel.zip\"), \"backup.zip\")|};")]
    [InlineData("ml.Model.Save(model, data.Schema, path); {|MLOPS102:transfer.Upload(path, \"acme-models\")|};")]
    [InlineData("ml.Model.Save(model, data.Schema, path); {|MLOPS102:transfer.Upload(path, \"acme-models\", \"churn/latest.zip\")|};")]
    [InlineData("ml.Model.Save(model, data.Schema, path); await {|MLOPS102:transfer.UploadAsync(path, \"acme-models\")|};")]
    [InlineData("await {|MLOPS102:transfer.UploadAsync(new TransferUtilityUploadRequest { BucketName = \"acme-models\", FilePath = \"churn-model.zip\" })|};")]
    [InlineData("ml.Model.Save(model, data.Schema, path); await {|MLOPS102:s3.PutObjectAsync(new PutObjectRequest { BucketName = \"acme-models\", Key = \"churn.zip\", FilePath = path })|};")]
    [InlineData("var request = new PutObjectRequest { BucketName = \"acme-models\", Key = \"churn.zip\", InputStream = File.OpenRead(\"model.onnx\") }; await {|MLOPS102:s3.PutObjectAsync(request)|};")]
    [InlineData("ml.Model.Save(model, data.Schema, path); {|MLOPS102:blob.Upload(path, overwrite: true)|};")]
    [InlineData("ml.Model.Save(model, data.Schema, path); await {|MLOPS102:blob.UploadAsync(path)|};")]
    [InlineData("using var stream = File.OpenRead(\"churn.onnx\"); {|MLOPS102:container.UploadBlob(\"churn.onnx\", stream)|};")]
    [InlineData("using var memory = new MemoryStream(); ml.Model.Save(model, data.Schema, memory); memory.Position = 0; {|MLOPS102:blob.Upload(memory)|};")]
    [InlineData("using var source = File.OpenRead(\"churn-model.zip\"); {|MLOPS102:source.CopyTo(destination)|};")]
    [InlineData("ml.Model.Save(model, data.Schema, path); using var source = File.OpenRead(path); await {|MLOPS102:source.CopyToAsync(destination)|};")]
    [InlineData("{|MLOPS102:File.Copy(path, @\"\\\\share\\models\\churn-model.zip\", overwrite: true)|};")]
    [InlineData("{|MLOPS102:File.Move(path, \"/srv/prod/churn.onnx\")|};")]
    [InlineData("{|MLOPS102:File.Copy(path, Path.Combine(\"/mnt/models\", \"current.zip\"))|};")]
    [InlineData("var scratch = Path.GetTempFileName(); ml.Model.Save(model, data.Schema, scratch); File.Move(scratch, path, overwrite: true); {|MLOPS102:File.Copy(path, \"backup.bin\")|};")]
    [InlineData("var staged = path + \".tmp\"; ml.Model.Save(model, data.Schema, staged); File.Move(staged, \"current.bin\"); {|MLOPS102:File.Copy(\"current.bin\", path)|};")]
    public Task ModelFilesMovedByHand(string body)
        => Verify<ModelArtifactMovedByHandAnalyzer>.AnalyzerAsync(Clouds, Publisher(body));

    // ---------------------------------------------------------------- not flagged

    [Theory]
    [InlineData("File.Copy(path, \"/srv/backup/houses.csv\");")]
    [InlineData("File.Copy(\"/srv/data/houses.csv\", path);")]
    [InlineData("File.Copy(\"reports.zip\", path);")]
    [InlineData("transfer.Upload(\"logs/app.zip\", \"acme-logs\");")]
    [InlineData("transfer.Upload(path, \"acme-data\");")]
    [InlineData("blob.Upload(path);")]
    [InlineData("ml.Model.Save(model, data.Schema, path); File.Copy(\"houses.csv\", \"/srv/backup/houses.csv\");")]
    [InlineData("var temporary = path + \".tmp\"; ml.Model.Save(model, data.Schema, temporary); File.Move(temporary, path, overwrite: true);")]
    [InlineData("var temporary = Path.GetTempFileName(); ml.Model.Save(model, data.Schema, temporary); File.Move(temporary, path, overwrite: true);")]
    [InlineData("using var memory = new MemoryStream(); memory.CopyTo(destination);")]
    [InlineData("File.Delete(\"churn.onnx\");")]
    [InlineData("File.Copy(path, \"/srv/backup/houses.zip\");")]
    [InlineData("File.Copy(path, \"model-backup.zip\");")]
    [InlineData("File.Copy(path, destination.ToString() + \"/churn.onnx\");")]
    [InlineData("var scratch = Path.GetTempFileName(); File.WriteAllText(scratch, \"x\"); File.Move(scratch, path); File.Copy(path, \"backup.bin\");")]
    [InlineData("var text = File.ReadAllText(\"model.onnx\");")]
    public Task NotAModelOrNotAMove(string body)
        => Verify<ModelArtifactMovedByHandAnalyzer>.AnalyzerAsync(Clouds, Publisher(body));

    [Fact]
    public Task AnotherTypesUpload()
        => Verify<ModelArtifactMovedByHandAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            namespace Acme.Storage
            {
                public class TransferUtility { public void Upload(string filePath, string bucketName) { } }
                public static class File { public static void Copy(string sourceFileName, string destFileName) { } }
            }

            public class Publisher
            {
                public void Publish(MLContext ml, ITransformer model, IDataView data, Acme.Storage.TransferUtility transfer)
                {
                    ml.Model.Save(model, data.Schema, "churn.zip");
                    transfer.Upload("churn.zip", "acme-models");
                    Acme.Storage.File.Copy("churn.onnx", "/srv/prod/churn.onnx");
                }
            }
            """);

    [Fact]
    public Task NoMlNetReference()
        => Verify<ModelArtifactMovedByHandAnalyzer>.WithoutMlNetAsync("""
            public class Job
            {
                public void Run() => System.IO.File.Copy("model.onnx", "/srv/prod/model.onnx");
            }
            """);

    [Theory]
    [InlineData("File.Copy(\"model.onnx\", ")]
    [InlineData("File.Copy(, \"x\");")]
    [InlineData("transfer.Upload(")]
    [InlineData("await s3.PutObjectAsync(new PutObjectRequest { FilePath = });")]
    [InlineData("File.Copy(\"model.onnx\", undefinedVariable);")]
    public Task IncompleteCodeDoesNotThrow(string body)
        => Verify<ModelArtifactMovedByHandAnalyzer>.IncompleteCodeAsync(Publisher(body));

    // ---------------------------------------------------------------- fix

    private static string Open(string root) => $"ModelRegistry.Open(Environment.GetEnvironmentVariable(ModelRegistry.RootEnvironmentVariable) ?? {root})";

    [Fact]
    public Task SaveAndUploadToABucketBecomeRegisterAndAliasInThatBucket_FixAll()
        => Verify<ModelArtifactMovedByHandAnalyzer>.CodeFixAsync<ModelArtifactMovedByHandCodeFix>(TestLibraries.AmazonS3Store, """
            using System.Threading.Tasks;
            using Amazon.S3;
            using Amazon.S3.Transfer;
            using Microsoft.ML;

            public class Publisher
            {
                private const string ModelPath = "out/churn-model.zip";

                public async Task Publish(MLContext ml, ITransformer model, IDataView data)
                {
                    ml.Model.Save(model, data.Schema, ModelPath);
                    using var s3 = new AmazonS3Client();
                    var transfer = new TransferUtility(s3);

                    // Ship it to serving.
                    await {|MLOPS102:transfer.UploadAsync(ModelPath, "acme-models", "churn/churn-model.zip")|}.ConfigureAwait(false);
                }
            }
            """, $$"""
            using System;
            using System.Threading.Tasks;
            using Amazon.S3;
            using Amazon.S3.Transfer;
            using Microsoft.ML;
            using MlopsAnalyzers.Abstractions;

            public class Publisher
            {
                private const string ModelPath = "out/churn-model.zip";

                public async Task Publish(MLContext ml, ITransformer model, IDataView data)
                {
                    ml.Model.Save(model, data.Schema, ModelPath);

                    // Ship it to serving.
                    var registry = {{Open("\"s3://acme-models/churn\"")}};
                    var published = await registry.RegisterAsync(ml, "churn-model", model, data.Schema).ConfigureAwait(false);
                    await registry.SetAliasAsync("churn-model", "production", published.Version).ConfigureAwait(false);
                }
            }
            """);

    [Fact]
    public Task NoBucketFixWithoutTheS3StorePackage()
    {
        var source = """
            using System.Threading.Tasks;
            using Amazon.S3.Transfer;
            using Microsoft.ML;

            public class Publisher
            {
                public async Task Publish(MLContext ml, ITransformer model, IDataView data, TransferUtility transfer)
                {
                    ml.Model.Save(model, data.Schema, "churn.zip");
                    await {|MLOPS102:transfer.UploadAsync("churn.zip", "acme-models")|};
                }
            }
            """;
        return Verify<ModelArtifactMovedByHandAnalyzer>.CodeFixAsync<ModelArtifactMovedByHandCodeFix>(Clouds | TestLibraries.Abstractions, source, source);
    }

    [Fact]
    public Task NoBucketFixWhenAnotherReaderNamesTheObject()
    {
        var source = """
            using System.Threading.Tasks;
            using Amazon.S3;
            using Amazon.S3.Transfer;
            using Microsoft.ML;

            public class Publisher
            {
                public async Task Publish(MLContext ml, ITransformer model, IDataView data, TransferUtility transfer)
                {
                    ml.Model.Save(model, data.Schema, "churn.zip");
                    await {|MLOPS102:transfer.UploadAsync("churn.zip", "acme-models", "models/churn.zip")|};
                }

                public Task Download(IAmazonS3 s3) => s3.GetObjectAsync("acme-models", "models/churn.zip");
            }
            """;
        return Verify<ModelArtifactMovedByHandAnalyzer>.CodeFixAsync<ModelArtifactMovedByHandCodeFix>(TestLibraries.AmazonS3Store, source, source);
    }

    [Fact]
    public Task SaveAndBlobUploadBecomeRegisterAndAliasInThatContainer()
        => Verify<ModelArtifactMovedByHandAnalyzer>.CodeFixAsync<ModelArtifactMovedByHandCodeFix>(TestLibraries.AzureBlobsStore, """
            using Azure.Storage.Blobs;
            using Microsoft.ML;

            public class Publisher
            {
                public void Publish(MLContext ml, ITransformer model, IDataView data, BlobContainerClient container)
                {
                    ml.Model.Save(model, data.Schema, "exports/fraud.zip");
                    var blob = container.GetBlobClient("models/fraud.zip");
                    {|MLOPS102:blob.Upload("exports/fraud.zip", overwrite: true)|};
                }
            }
            """, $$"""
            using System;
            using Azure.Storage.Blobs;
            using Microsoft.ML;
            using MlopsAnalyzers.Abstractions;

            public class Publisher
            {
                public void Publish(MLContext ml, ITransformer model, IDataView data, BlobContainerClient container)
                {
                    ml.Model.Save(model, data.Schema, "exports/fraud.zip");
                    var blob = container.GetBlobClient("models/fraud.zip");
                    var registry = {{Open("new Uri(blob.Uri, \".\").AbsoluteUri.TrimEnd('/')")}};
                    var published = registry.Register(ml, "fraud", model, data.Schema);
                    registry.SetAlias("fraud", "staging", published.Version);
                }
            }
            """, editorConfig: "root = true\n[*]\nmlops.MLOPS102.alias = staging\n");

    [Fact]
    public Task NoFixForAnUploadOfAModelTheMethodDoesNotSave()
    {
        // Main turned this into SetAlias for a model nothing registers: ModelNotFoundException at run time.
        var source = """
            using Azure.Storage.Blobs;

            public class Publisher
            {
                public void PublishStatement(BlobClient blob)
                {
                    {|MLOPS102:blob.Upload("exports/fraud.onnx", overwrite: true)|};
                }
            }
            """ + MlNetUsage;
        return Verify<ModelArtifactMovedByHandAnalyzer>.CodeFixAsync<ModelArtifactMovedByHandCodeFix>(TestLibraries.AzureBlobsStore, source, source);
    }

    [Fact]
    public Task NoFixForAnAuditCopyInABatchScoringJob()
    {
        // Main turned the audit copy into "promote latest to production".
        var source = """
            using System.IO;
            using Microsoft.ML;

            public class BatchScorer
            {
                private const string ModelPath = "/srv/models/churn-model.zip";

                public IDataView Score(MLContext ml, IDataView input)
                {
                    var model = ml.Model.Load(ModelPath, out _);
                    {|MLOPS102:File.Copy(ModelPath, @"\\audit\models\churn-model.zip", overwrite: true)|};
                    return model.Transform(input);
                }
            }
            """;
        return Verify<ModelArtifactMovedByHandAnalyzer>.CodeFixAsync<ModelArtifactMovedByHandCodeFix>(TestLibraries.Abstractions, source, source);
    }

    [Fact]
    public async Task ACopyToAShareIsPublishedThereAndItsReadersLoadTheAlias()
    {
        var test = new CodeFixTest<ModelArtifactMovedByHandAnalyzer, ModelArtifactMovedByHandCodeFix>();
        TestLibraries.Abstractions.AddTo(test.TestState);
        TestLibraries.Abstractions.AddTo(test.FixedState);
        test.TestState.Sources.Add(("Trainer.cs", """
            using System.IO;
            using Microsoft.ML;

            public class Trainer
            {
                public void Train(MLContext ml, ITransformer model, IDataView data)
                {
                    ml.Model.Save(model, data.Schema, "churn.zip");
                    {|MLOPS102:File.Copy("churn.zip", @"\\share\models\churn.zip", overwrite: true)|}; // publish
                }
            }
            """));
        test.TestState.Sources.Add(("Server.cs", """
            using Microsoft.ML;

            public class Server
            {
                public ITransformer Load(MLContext ml) => ml.Model.Load(@"\\share\models\churn.zip", out _);
            }
            """));
        test.FixedState.Sources.Add(("Trainer.cs", $$"""
            using System;
            using System.IO;
            using Microsoft.ML;
            using MlopsAnalyzers.Abstractions;

            public class Trainer
            {
                public void Train(MLContext ml, ITransformer model, IDataView data)
                {
                    ml.Model.Save(model, data.Schema, "churn.zip");
                    var registry = {{Open("@\"\\\\share\\models\"")}};
                    var published = registry.Register(ml, "churn", model, data.Schema);
                    registry.SetAlias("churn", "production", published.Version); // publish
                }
            }
            """));
        test.FixedState.Sources.Add(("Server.cs", $$"""
            using System;
            using Microsoft.ML;
            using MlopsAnalyzers.Abstractions;

            public class Server
            {
                public ITransformer Load(MLContext ml) => {{Open("@\"\\\\share\\models\"")}}.Load(ml, "churn", "production", out _);
            }
            """));
        await test.RunAsync();
    }

    [Fact]
    public Task NoFixForAnUploadThatIsNotAStatement()
    {
        var source = """
            using Azure.Storage.Blobs;

            public class Publisher
            {
                public Azure.Response<Azure.Storage.Blobs.Models.BlobContentInfo> Publish(BlobClient blob) => {|MLOPS102:blob.Upload("exports/fraud.onnx")|};
            }
            """ + MlNetUsage;
        return Verify<ModelArtifactMovedByHandAnalyzer>.CodeFixAsync<ModelArtifactMovedByHandCodeFix>(Clouds | TestLibraries.Abstractions, source, source);
    }

    [Theory]
    [InlineData("var response = await {|MLOPS102:transfer.UploadAsync(\"churn-model.zip\", \"acme-models\")|}.ContinueWith(t => 1);")]
    [InlineData("using var memory = new MemoryStream(); ml.Model.Save(model, data.Schema, memory); {|MLOPS102:blob.Upload(memory)|};")]
    public Task NoFixWhenTheResultIsUsedOrTheNameIsUnknown(string body)
    {
        var source = Publisher(body);
        return Verify<ModelArtifactMovedByHandAnalyzer>.CodeFixAsync<ModelArtifactMovedByHandCodeFix>(Clouds | TestLibraries.Abstractions, source, source);
    }

    [Fact]
    public Task NoFixWithoutTheRuntimeLibrary()
    {
        var source = Publisher("{|MLOPS102:File.Copy(\"exports/churn.onnx\", path)|};");
        return Verify<ModelArtifactMovedByHandAnalyzer>.CodeFixAsync<ModelArtifactMovedByHandCodeFix>(Clouds, source, source);
    }

    /// <summary>Makes the compilation reference ML.NET from a file with no model code.</summary>
    private const string MlNetUsage = "\ninternal static class UsesMlNet { public static System.Type Type => typeof(Microsoft.ML.MLContext); }\n";
}
