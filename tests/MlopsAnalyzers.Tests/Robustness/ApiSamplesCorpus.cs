using System.Collections.Generic;

namespace MlopsAnalyzers.Tests.Robustness;

/// <summary>
/// Short programs in the style of ML.NET's API samples (one static class per API, an <c>Example()</c> entry point that
/// builds a small pipeline, fits, scores and prints), written for this project and compiled together as one project,
/// the way the samples repository builds them. Most are clean; the dirty ones announce each expected diagnostic with a
/// comment <c>// expect MLOPSnnn[, MLOPSnnn]: why</c> on the line before the line it is reported on.
/// </summary>
public static class ApiSamplesCorpus
{
    /// <summary>Types and helpers shared by the samples (the samples repository has the same kind of utilities file).</summary>
    public const string Shared = """
        using System;
        using System.Collections.Generic;
        using Microsoft.ML;
        using Microsoft.ML.Data;

        namespace Samples
        {
            public class HousingRow
            {
                [LoadColumn(0)] public float Size { get; set; }
                [LoadColumn(1)] public float Rooms { get; set; }
                [LoadColumn(2)] public float Age { get; set; }
                [LoadColumn(3)] public string District { get; set; } = "";
                [LoadColumn(4)] public float Label { get; set; }
            }

            public class ReviewRow
            {
                [LoadColumn(0), ColumnName("Label")] public bool Sentiment { get; set; }
                [LoadColumn(1)] public string Text { get; set; } = "";
                [LoadColumn(2)] public string UserId { get; set; } = "";
            }

            public class IssueRow
            {
                [LoadColumn(0)] public string Area { get; set; } = "";
                [LoadColumn(1)] public string Title { get; set; } = "";
                [LoadColumn(2)] public string Description { get; set; } = "";
            }

            public class FeatureRow
            {
                [VectorType(4)] public float[] Features { get; set; } = new float[4];
                public bool Label { get; set; }
                public string GroupId { get; set; } = "";
            }

            public class ScoreRow
            {
                public float Score { get; set; }
            }

            public class SizeFeatures
            {
                public float LogSize { get; set; }
            }

            public class PublishOptions
            {
                public string ModelPath { get; set; } = "model.zip";
            }

            public static class SampleData
            {
                public static IEnumerable<FeatureRow> Generate(int count, int seed = 0)
                {
                    var random = new Random(seed);
                    for (var i = 0; i < count; i++)
                    {
                        var label = random.NextDouble() > 0.5;
                        yield return new FeatureRow
                        {
                            Label = label,
                            GroupId = "g" + (i % 10),
                            Features = new[] { (float)random.NextDouble(), (float)random.NextDouble(), label ? 1f : 0f, (float)random.NextDouble() },
                        };
                    }
                }

                public static IEnumerable<HousingRow> Houses(int count)
                {
                    for (var i = 0; i < count; i++)
                    {
                        yield return new HousingRow { Size = 50 + i, Rooms = 1 + i % 5, Age = i % 40, District = "d" + (i % 3), Label = 1000 + (10 * i) };
                    }
                }
            }

            public static class ConsoleUtils
            {
                public static void PrintMetrics(BinaryClassificationMetrics metrics) => Console.WriteLine(metrics.Accuracy);

                public static void PrintMetrics(CalibratedBinaryClassificationMetrics metrics) => Console.WriteLine(metrics.AreaUnderRocCurve);

                public static void PrintMetrics(RegressionMetrics metrics) => Console.WriteLine(metrics.RSquared);

                public static void PrintMetrics(MulticlassClassificationMetrics metrics) => Console.WriteLine(metrics.MacroAccuracy);

                public static void PrintMetrics(ClusteringMetrics metrics) => Console.WriteLine(metrics.AverageDistance);
            }
        }
        """;

    /// <summary>The samples: a file name and its text.</summary>
    public static IReadOnlyList<(string Name, string Text)> Samples { get; } = new List<(string, string)>
    {
        // ---------------------------------------------------------------- clean: ML.NET's API sample shapes

        ("BootstrapSample.cs", """
            using System;
            using Microsoft.ML;

            namespace Samples.Dynamic
            {
                public static class BootstrapSample
                {
                    public static void Example()
                    {
                        var mlContext = new MLContext();
                        var data = mlContext.Data.LoadFromEnumerable(SampleData.Generate(100));
                        for (var i = 0; i < 3; i++)
                        {
                            var resample = mlContext.Data.BootstrapSample(data, seed: i);
                            Console.WriteLine(resample.Schema.Count);
                        }
                    }
                }
            }
            """),

        ("ShuffleRows.cs", """
            using System;
            using Microsoft.ML;

            namespace Samples.Dynamic
            {
                public static class ShuffleRows
                {
                    public static void Example()
                    {
                        var mlContext = new MLContext();
                        var data = mlContext.Data.LoadFromEnumerable(SampleData.Generate(20));
                        var shuffled = mlContext.Data.ShuffleRows(data, seed: 123);
                        foreach (var row in mlContext.Data.CreateEnumerable<FeatureRow>(shuffled, reuseRowObject: false))
                        {
                            Console.WriteLine(row.Label);
                        }
                    }
                }
            }
            """),

        ("ApproximatedKernelMap.cs", """
            using System;
            using Microsoft.ML;

            namespace Samples.Dynamic
            {
                public static class ApproximatedKernelMap
                {
                    public static void Example()
                    {
                        var mlContext = new MLContext();
                        var data = mlContext.Data.LoadFromEnumerable(SampleData.Generate(30));
                        var pipeline = mlContext.Transforms.ApproximatedKernelMap("Features", rank: 4, generator: new Microsoft.ML.Transforms.GaussianKernel(gamma: 0.7f), seed: 1);
                        var transformed = pipeline.Fit(data).Transform(data);
                        Console.WriteLine(transformed.Schema["Features"].Type);
                    }
                }
            }
            """),

        ("LbfgsLogisticRegression.cs", """
            using Microsoft.ML;

            namespace Samples.Dynamic.Trainers.BinaryClassification
            {
                public static class LbfgsLogisticRegression
                {
                    public static void Example()
                    {
                        var mlContext = new MLContext();
                        var trainingData = mlContext.Data.LoadFromEnumerable(SampleData.Generate(200));
                        var testData = mlContext.Data.LoadFromEnumerable(SampleData.Generate(100, seed: 123));
                        var model = mlContext.BinaryClassification.Trainers.LbfgsLogisticRegression().Fit(trainingData);
                        var metrics = mlContext.BinaryClassification.Evaluate(model.Transform(testData));
                        ConsoleUtils.PrintMetrics(metrics);
                    }
                }
            }
            """),

        ("SplitBySamplingKey.cs", """
            using System;
            using Microsoft.ML;

            namespace Samples.Dynamic
            {
                public static class SplitBySamplingKey
                {
                    public static void Example()
                    {
                        var mlContext = new MLContext();
                        var data = mlContext.Data.LoadFromEnumerable(SampleData.Generate(100));
                        var split = mlContext.Data.TrainTestSplit(data, testFraction: 0.2, samplingKeyColumnName: "GroupId");
                        var folds = mlContext.Data.CrossValidationSplit(data, numberOfFolds: 3, samplingKeyColumnName: "GroupId");
                        Console.WriteLine(split.TestSet.Schema.Count + folds.Count);
                    }
                }
            }
            """),

        ("CustomMapping.cs", """
            using System;
            using Microsoft.ML;

            namespace Samples.Dynamic
            {
                public static class CustomMapping
                {
                    public static void Example()
                    {
                        var mlContext = new MLContext(seed: 0);
                        var data = mlContext.Data.LoadFromEnumerable(SampleData.Houses(10));
                        Action<HousingRow, SizeFeatures> mapping = (input, output) => output.LogSize = (float)Math.Log(input.Size);
                        var pipeline = mlContext.Transforms.CustomMapping(mapping, contractName: null);
                        var transformed = pipeline.Fit(data).Transform(data);
                        foreach (var row in mlContext.Data.CreateEnumerable<SizeFeatures>(transformed, reuseRowObject: false))
                        {
                            Console.WriteLine(row.LogSize);
                        }
                    }
                }
            }
            """),

        ("SaveLoadModel.cs", """
            using System;
            using Microsoft.ML;

            namespace Samples.Dynamic.ModelOperations
            {
                public static class SaveLoadModel
                {
                    public static void Example()
                    {
                        var mlContext = new MLContext(seed: 0);
                        var data = mlContext.Data.LoadFromEnumerable(SampleData.Houses(50));
                        var pipeline = mlContext.Transforms.Concatenate("Features", nameof(HousingRow.Size), nameof(HousingRow.Rooms))
                            .Append(mlContext.Transforms.NormalizeMinMax("Features"))
                            .Append(mlContext.Regression.Trainers.Sdca());
                        var model = pipeline.Fit(data);
                        mlContext.Model.Save(model, data.Schema, "model.zip");
                        var loaded = mlContext.Model.Load("model.zip", out var schema);
                        var preview = mlContext.Transforms.NormalizeMeanVariance(nameof(HousingRow.Age)).Fit(data).Transform(data);
                        var engine = mlContext.Model.CreatePredictionEngine<HousingRow, ScoreRow>(loaded);
                        Console.WriteLine(engine.Predict(new HousingRow { Size = 90, Rooms = 3 }).Score + preview.Schema.Count);
                    }
                }
            }
            """),

        ("AppendFittedModel.cs", """
            using System;
            using Microsoft.ML;

            namespace Samples.Dynamic.ModelOperations
            {
                public static class AppendFittedModel
                {
                    public static void Example()
                    {
                        var mlContext = new MLContext(seed: 0);
                        var data = mlContext.Data.LoadFromEnumerable(SampleData.Houses(50));
                        var featurizer = mlContext.Transforms.Concatenate("Features", nameof(HousingRow.Size), nameof(HousingRow.Age))
                            .Append(mlContext.Transforms.NormalizeLogMeanVariance("Features"))
                            .Fit(data);
                        var regressor = mlContext.Regression.Trainers.OnlineGradientDescent().Fit(featurizer.Transform(data));
                        var combined = featurizer.Append(regressor);
                        var engine = mlContext.Model.CreatePredictionEngine<HousingRow, ScoreRow>(combined);
                        var check = mlContext.Transforms.NormalizeMinMax(nameof(HousingRow.Rooms)).Fit(data).Transform(data);
                        Console.WriteLine(engine.Predict(new HousingRow { Size = 70, Age = 10 }).Score + check.Schema.Count);
                    }
                }
            }
            """),

        ("MapValueToKeyMulticlass.cs", """
            using Microsoft.ML;

            namespace Samples.Dynamic.Trainers.MulticlassClassification
            {
                public static class LbfgsMaximumEntropy
                {
                    public static void Example()
                    {
                        var mlContext = new MLContext(seed: 0);
                        var data = mlContext.Data.LoadFromEnumerable(SampleData.Generate(100));
                        var pipeline = mlContext.Transforms.Conversion.MapValueToKey(nameof(FeatureRow.Label))
                            .Append(mlContext.MulticlassClassification.Trainers.NaiveBayes());
                        var model = pipeline.Fit(data);
                        var metrics = mlContext.MulticlassClassification.Evaluate(model.Transform(mlContext.Data.LoadFromEnumerable(SampleData.Generate(50, seed: 9))));
                        ConsoleUtils.PrintMetrics(metrics);
                    }
                }

                public static class NaiveBayes
                {
                    public static void Example()
                    {
                        var mlContext = new MLContext(seed: 0);
                        var data = mlContext.Data.LoadFromEnumerable(SampleData.Generate(100));
                        var pipeline = mlContext.Transforms.Conversion.MapValueToKey(nameof(FeatureRow.Label))
                            .Append(mlContext.MulticlassClassification.Trainers.NaiveBayes());
                        var model = pipeline.Fit(data);
                        var metrics = mlContext.MulticlassClassification.Evaluate(model.Transform(mlContext.Data.LoadFromEnumerable(SampleData.Generate(50, seed: 7))));
                        ConsoleUtils.PrintMetrics(metrics);
                    }
                }
            }
            """),

        ("NormalizeSamples.cs", """
            using System;
            using Microsoft.ML;

            namespace Samples.Dynamic
            {
                public static class NormalizeMinMax
                {
                    public static void Example()
                    {
                        var mlContext = new MLContext(seed: 0);
                        var data = mlContext.Data.LoadFromEnumerable(SampleData.Houses(20));
                        var transformed = mlContext.Transforms.Concatenate("Features", nameof(HousingRow.Size), nameof(HousingRow.Rooms))
                            .Append(mlContext.Transforms.NormalizeMinMax("Features"))
                            .Fit(data)
                            .Transform(data);
                        Console.WriteLine(transformed.Schema.Count);
                    }
                }

                public static class NormalizeMinMaxMulticolumn
                {
                    public static void Example()
                    {
                        var mlContext = new MLContext(seed: 0);
                        var data = mlContext.Data.LoadFromEnumerable(SampleData.Houses(20));
                        var transformed = mlContext.Transforms.Concatenate("Features", nameof(HousingRow.Size), nameof(HousingRow.Rooms))
                            .Append(mlContext.Transforms.NormalizeMinMax("Features"))
                            .Fit(data)
                            .Transform(data);
                        Console.WriteLine(transformed.Schema.Count);
                    }
                }
            }
            """),

        ("LabelKeyBeforeSplit.cs", """
            using Microsoft.ML;

            namespace Samples.Dynamic.Trainers.MulticlassClassification
            {
                public static class SdcaMaximumEntropyWithSplit
                {
                    public static void Example()
                    {
                        var mlContext = new MLContext(seed: 0);
                        var data = mlContext.Data.LoadFromEnumerable(SampleData.Generate(100));
                        var keyed = mlContext.Transforms.Conversion.MapValueToKey("Label").Fit(data).Transform(data);
                        var split = mlContext.Data.TrainTestSplit(keyed, testFraction: 0.3);
                        var model = mlContext.MulticlassClassification.Trainers.LbfgsMaximumEntropy().Fit(split.TrainSet);
                        ConsoleUtils.PrintMetrics(mlContext.MulticlassClassification.Evaluate(model.Transform(split.TestSet)));
                    }
                }
            }
            """),

        ("OnFitDelegate.cs", """
            using System;
            using Microsoft.ML;
            using Microsoft.ML.Transforms;

            namespace Samples.Dynamic
            {
                public static class WithOnFitDelegate
                {
                    public static void Example()
                    {
                        var mlContext = new MLContext(seed: 0);
                        var data = mlContext.Data.LoadFromEnumerable(SampleData.Generate(100));
                        NormalizingTransformer? normalizer = null;
                        var pipeline = mlContext.Transforms.NormalizeBinning("Features", maximumBinCount: 3)
                            .WithOnFitDelegate(fitted => normalizer = fitted)
                            .Append(mlContext.BinaryClassification.Trainers.SdcaLogisticRegression());
                        var model = pipeline.Fit(data);
                        Console.WriteLine(normalizer is null ? "not fitted" : "fitted");
                        ConsoleUtils.PrintMetrics(mlContext.BinaryClassification.Evaluate(model.Transform(mlContext.Data.LoadFromEnumerable(SampleData.Generate(40, seed: 5)))));
                    }
                }
            }
            """),

        ("IssueClassification.cs", """
            using Microsoft.ML;

            namespace Samples.Tutorials
            {
                public static class IssueClassification
                {
                    public static ITransformer Train(MLContext mlContext, IDataView trainingData)
                    {
                        var pipeline = mlContext.Transforms.Conversion.MapValueToKey(inputColumnName: nameof(IssueRow.Area), outputColumnName: "Label")
                            .Append(mlContext.Transforms.Text.FeaturizeText(inputColumnName: nameof(IssueRow.Title), outputColumnName: "TitleFeaturized"))
                            .Append(mlContext.Transforms.Text.FeaturizeText(inputColumnName: nameof(IssueRow.Description), outputColumnName: "DescriptionFeaturized"))
                            .Append(mlContext.Transforms.Concatenate("Features", "TitleFeaturized", "DescriptionFeaturized"))
                            .AppendCacheCheckpoint(mlContext)
                            .Append(mlContext.MulticlassClassification.Trainers.SdcaMaximumEntropy("Label", "Features"))
                            .Append(mlContext.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
                        return pipeline.Fit(trainingData);
                    }
                }
            }
            """),

        ("KMeans.cs", """
            using Microsoft.ML;

            namespace Samples.Dynamic.Trainers.Clustering
            {
                public static class KMeans
                {
                    public static void Example()
                    {
                        var mlContext = new MLContext(seed: 0);
                        var data = mlContext.Data.LoadFromEnumerable(SampleData.Generate(100));
                        var model = mlContext.Clustering.Trainers.KMeans(numberOfClusters: 2).Fit(data);
                        var metrics = mlContext.Clustering.Evaluate(model.Transform(data), scoreColumnName: "Score", featureColumnName: "Features");
                        ConsoleUtils.PrintMetrics(metrics);
                    }
                }
            }
            """),

        ("BatchScoringWithoutFit.cs", """
            using System;
            using Microsoft.ML;

            namespace Samples.Dynamic.ModelOperations
            {
                public static class BatchScoring
                {
                    public static void Example(string modelPath)
                    {
                        var mlContext = new MLContext(seed: 0);
                        var model = mlContext.Model.Load(modelPath, out var schema);
                        var batch = mlContext.Data.LoadFromEnumerable(SampleData.Houses(100));
                        var scored = model.Transform(batch);
                        foreach (var row in mlContext.Data.CreateEnumerable<ScoreRow>(scored, reuseRowObject: false))
                        {
                            Console.WriteLine(row.Score);
                        }
                    }
                }
            }
            """),

        ("RegressionWithHoldOut.cs", """
            using Microsoft.ML;

            namespace Samples.Dynamic.Trainers.Regression
            {
                public static class SdcaWithHoldOut
                {
                    public static void Example()
                    {
                        var mlContext = new MLContext(seed: 0);
                        var data = mlContext.Data.LoadFromEnumerable(SampleData.Houses(200));
                        var split = mlContext.Data.TrainTestSplit(data, testFraction: 0.25);
                        var pipeline = mlContext.Transforms.Concatenate("Features", nameof(HousingRow.Size), nameof(HousingRow.Rooms), nameof(HousingRow.Age))
                            .Append(mlContext.Transforms.NormalizeMeanVariance("Features"))
                            .Append(mlContext.Regression.Trainers.Sdca(labelColumnName: nameof(HousingRow.Label), featureColumnName: "Features"));
                        var model = pipeline.Fit(split.TrainSet);
                        ConsoleUtils.PrintMetrics(mlContext.Regression.Evaluate(model.Transform(split.TestSet)));
                    }
                }
            }
            """),

        ("PredictionEngineSample.cs", """
            using System;
            using Microsoft.ML;

            namespace Samples.Dynamic
            {
                public static class PredictionEngineSample
                {
                    public static void Example()
                    {
                        var mlContext = new MLContext(seed: 0);
                        var data = mlContext.Data.LoadFromEnumerable(SampleData.Houses(100));
                        var model = mlContext.Transforms.Concatenate("Features", nameof(HousingRow.Rooms))
                            .Append(mlContext.Transforms.NormalizeRobustScaling("Features"))
                            .Append(mlContext.Regression.Trainers.OnlineGradientDescent())
                            .Fit(data);
                        var engine = mlContext.Model.CreatePredictionEngine<HousingRow, ScoreRow>(model);
                        Console.WriteLine(engine.Predict(new HousingRow { Rooms = 3 }).Score);
                    }
                }
            }
            """),

        ("CopyArtifactRelative.cs", """
            using System.IO;
            using Microsoft.ML;

            namespace Samples.Dynamic.ModelOperations
            {
                public static class ExportForTests
                {
                    public static void Example(PublishOptions options, string outputDirectory)
                    {
                        File.Copy(options.ModelPath, Path.Combine(outputDirectory, "expected.bin"), overwrite: true);
                        File.Copy("houses.csv", "/srv/backup/houses.csv", overwrite: true);
                    }
                }
            }
            """),

        // ---------------------------------------------------------------- dirty: each diagnostic announced

        ("UnseededTraining.cs", """
            using Microsoft.ML;

            namespace Samples.Dirty
            {
                public static class UnseededTraining
                {
                    public static ITransformer Train(IDataView data)
                    {
                        // expect MLOPS301: the context trains SDCA and has no seed.
                        var mlContext = new MLContext();
                        var pipeline = mlContext.Transforms.Concatenate("Features", "Size", "Rooms")
                            .Append(mlContext.Transforms.NormalizeMinMax("Features"))
                            .Append(mlContext.Regression.Trainers.Sdca(labelColumnName: "Price"));
                        return pipeline.Fit(data);
                    }

                    public static ITransformer SplitAndTrain(IDataView data)
                    {
                        // expect MLOPS301: the split draws from the unseeded context.
                        var mlContext = new MLContext();
                        // expect MLOPS302: no seed on the split, none on the context.
                        var split = mlContext.Data.TrainTestSplit(data, testFraction: 0.2);
                        return mlContext.BinaryClassification.Trainers.LbfgsLogisticRegression().Fit(split.TrainSet);
                    }

                    public static ITransformer Options(IDataView data)
                    {
                        // expect MLOPS301: the options can ask L-BFGS for random initial weights.
                        var mlContext = new MLContext();
                        return mlContext.BinaryClassification.Trainers.LbfgsLogisticRegression(new Microsoft.ML.Trainers.LbfgsLogisticRegressionBinaryTrainer.Options { InitialWeightsDiameter = 0.1f }).Fit(data);
                    }
                }
            }
            """),

        ("EvaluatedOnTrainingData.cs", """
            using Microsoft.ML;

            namespace Samples.Dirty
            {
                public static class EvaluatedOnTrainingData
                {
                    public static void Example()
                    {
                        var mlContext = new MLContext(seed: 1);
                        var data = mlContext.Data.LoadFromEnumerable(SampleData.Generate(100));
                        var model = mlContext.BinaryClassification.Trainers.SdcaLogisticRegression().Fit(data);
                        // expect MLOPS401: scored on the rows it was trained on.
                        var metrics = mlContext.BinaryClassification.Evaluate(model.Transform(data));
                        ConsoleUtils.PrintMetrics(metrics);
                    }

                    public static void Multiclass(MLContext mlContext)
                    {
                        var data = mlContext.Data.LoadFromEnumerable(SampleData.Generate(60));
                        var model = mlContext.Transforms.Conversion.MapValueToKey("Label")
                            .Append(mlContext.MulticlassClassification.Trainers.NaiveBayes())
                            .Fit(data);
                        // expect MLOPS401: the same rows again.
                        ConsoleUtils.PrintMetrics(mlContext.MulticlassClassification.Evaluate(model.Transform(data)));
                    }
                }
            }
            """),

        ("LabelAsSamplingKey.cs", """
            using Microsoft.ML;

            namespace Samples.Dirty
            {
                public static class LabelAsSamplingKey
                {
                    public static DataOperationsCatalog.TrainTestData Reviews(MLContext mlContext, string path)
                    {
                        var reviews = mlContext.Data.LoadFromTextFile<ReviewRow>(path, hasHeader: true);
                        // expect MLOPS404: the key is the review's label column.
                        return mlContext.Data.TrainTestSplit(reviews, testFraction: 0.2, samplingKeyColumnName: "Label", seed: 1);
                    }

                    public static void Folds(MLContext mlContext, string path)
                    {
                        var reviews = mlContext.Data.LoadFromTextFile<ReviewRow>(path, hasHeader: true);
                        // expect MLOPS404: the member mapped to Label.
                        var folds = mlContext.Data.CrossValidationSplit(reviews, 5, nameof(ReviewRow.Sentiment), seed: 1);
                        var byUser = mlContext.Data.TrainTestSplit(reviews, samplingKeyColumnName: nameof(ReviewRow.UserId), seed: 1);
                        System.Console.WriteLine(folds.Count + byUser.TestSet.Schema.Count);
                    }

                    public static void WithTrainer(MLContext mlContext, IDataView data)
                    {
                        // expect MLOPS404: the trainer's label column.
                        var split = mlContext.Data.TrainTestSplit(data, samplingKeyColumnName: "Churned", seed: 3);
                        var model = mlContext.BinaryClassification.Trainers.LbfgsLogisticRegression(labelColumnName: "Churned").Fit(split.TrainSet);
                        ConsoleUtils.PrintMetrics(mlContext.BinaryClassification.Evaluate(model.Transform(split.TestSet), labelColumnName: "Churned"));
                    }
                }
            }
            """),

        ("HardCodedLocations.cs", """
            using System.IO;
            using Microsoft.ML;

            namespace Samples.Dirty
            {
                public static class HardCodedLocations
                {
                    public static void Publish(MLContext mlContext, ITransformer model, IDataView data, PublishOptions options)
                    {
                        // expect MLOPS101, MLOPS103: a fixed server path, and nothing recorded about the model.
                        mlContext.Model.Save(model, data.Schema, "/srv/models/churn.zip");
                        // expect MLOPS101, MLOPS102: copied by hand to a share, from wherever the options point.
                        File.Copy(options.ModelPath, @"\\fileserver\models\churn-model.zip", overwrite: true);
                    }

                    public static void Stage(MLContext mlContext, ITransformer model, IDataView data, string servedPath)
                    {
                        var scratch = Path.GetTempFileName();
                        mlContext.Model.Save(model, data.Schema, scratch);
                        File.Move(scratch, servedPath, overwrite: true);
                        // expect MLOPS101, MLOPS102: the saved model, moved into place, then copied to a fixed path.
                        File.Copy(servedPath, "/mnt/backup/latest.bin", overwrite: true);
                        // expect MLOPS102: and to a relative one, by hand too.
                        File.Copy(servedPath, "previous.bin", overwrite: true);
                        RecordVersion(servedPath);
                    }

                    public static ITransformer Serve(MLContext mlContext)
                        // expect MLOPS101: loaded from a fixed share.
                        => mlContext.Model.Load(@"\\fileserver\models\churn.zip", out _);

                    private static void RecordVersion(string path) => System.Console.WriteLine(path);
                }
            }
            """),

        ("UnsaveableMapping.cs", """
            using System;
            using Microsoft.ML;

            namespace Samples.Dirty
            {
                public static class UnsaveableMapping
                {
                    public static void Train(MLContext mlContext, IDataView data, string path)
                    {
                        // expect MLOPS203: saved below, with no contract name.
                        var mapping = mlContext.Transforms.CustomMapping<HousingRow, SizeFeatures>((input, output) => output.LogSize = (float)Math.Log(input.Size), null);
                        var model = mapping.Append(mlContext.Transforms.Concatenate("Features", "LogSize"))
                            .Append(mlContext.Transforms.NormalizeMinMax("Features"))
                            .Append(mlContext.Regression.Trainers.LbfgsPoissonRegression())
                            .Fit(data);
                        mlContext.Model.Save(model, data.Schema, path);
                        mlContext.Model.Load(path, out _);
                    }

                    public static IEstimator<ITransformer> Definition(MLContext mlContext)
                        // expect MLOPS203: handed out to code that saves models, with a name no factory provides.
                        => mlContext.Transforms.CustomMapping<HousingRow, SizeFeatures>((input, output) => output.LogSize = input.Size, "LogSize");
                }
            }
            """),

        ("ServingFits.cs", """
            using Microsoft.ML;

            namespace Samples.Dirty
            {
                public class NightlyScorer
                {
                    private readonly MLContext _mlContext = new MLContext(seed: 2);
                    private readonly ITransformer _model;

                    public NightlyScorer(string path) => _model = _mlContext.Model.Load(path, out _);

                    public IDataView ScoreBatch(IDataView batch)
                    {
                        // expect MLOPS202: the normalizer learns its range from the batch being scored.
                        var scaled = _mlContext.Transforms.NormalizeMinMax("Size").Fit(batch).Transform(batch);
                        return _model.Transform(scaled);
                    }
                }
            }
            """),

        ("MoreSmells.cs", """
            using Microsoft.ML;

            namespace Samples.Dirty
            {
                public static class MoreSmells
                {
                    // expect MLOPS501: one engine for every thread that calls Score.
                    private static readonly PredictionEngine<HousingRow, ScoreRow> Engine = CreateEngine();

                    public static float Score(HousingRow row) => Engine.Predict(row).Score;

                    private static PredictionEngine<HousingRow, ScoreRow> CreateEngine()
                    {
                        var mlContext = new MLContext(seed: 5);
                        return mlContext.Model.CreatePredictionEngine<HousingRow, ScoreRow>(mlContext.Model.Load("served-model.zip", out _));
                    }

                    public static void Train(MLContext mlContext, string modelPath)
                    {
                        // expect MLOPS303: a path on one developer's machine.
                        var data = mlContext.Data.LoadFromTextFile<HousingRow>(@"C:\Users\alice\data\houses.csv", hasHeader: true, separatorChar: ',');
                        var preparation = mlContext.Transforms.Concatenate("Features", nameof(HousingRow.Size), nameof(HousingRow.Age)).Append(mlContext.Transforms.NormalizeMinMax("Features")).Fit(data);
                        var prepared = preparation.Transform(data);
                        var trainer = mlContext.Regression.Trainers.Sdca().Fit(prepared);
                        // expect MLOPS201, MLOPS103: only the trainer is saved, the preparation is lost.
                        mlContext.Model.Save(trainer, prepared.Schema, modelPath);
                    }
                }
            }
            """),

        ("LeakAndScale.cs", """
            using Microsoft.ML;

            namespace Samples.Dirty
            {
                public static class LeakAndScale
                {
                    public static void Example(MLContext mlContext, IDataView data)
                    {
                        var normalizer = mlContext.Transforms.NormalizeMeanVariance("Features").Fit(data);
                        // expect MLOPS402: the normalizer saw the test rows.
                        var split = mlContext.Data.TrainTestSplit(normalizer.Transform(data), testFraction: 0.3, seed: 4);
                        var pipeline = mlContext.Transforms.Concatenate("Features", "Size", "Age")
                            .AppendCacheCheckpoint(mlContext)
                            // expect MLOPS405: no normalizer before SDCA, the checkpoint does not add one.
                            .Append(mlContext.Regression.Trainers.Sdca(labelColumnName: "Price"));
                        var model = pipeline.Fit(split.TrainSet);
                        ConsoleUtils.PrintMetrics(mlContext.Regression.Evaluate(model.Transform(split.TestSet), labelColumnName: "Price"));
                    }
                }
            }
            """),
    };
}
