namespace MlopsAnalyzers.Tests.Robustness;

/// <summary>
/// Syntax-heavy C# that uses ML.NET in every shape the language allows, for the robustness tests to type line by line:
/// each kind of declaration, top-level statements, records, pattern matching, generics, partial types, local
/// functions, lambdas, async and iterators, unsafe code, and generated code. Each piece compiles on its own with the
/// framework and ML.NET referenced, and most carry a smell or two, so the rules have work to do on every prefix.
/// </summary>
public static class SyntaxZoo
{
    public const string Declarations = """
        using System;
        using System.Collections.Generic;
        using Microsoft.ML;
        using Microsoft.ML.Data;
        using static System.Math;
        using Ctx = Microsoft.ML.MLContext;

        namespace Zoo.Declarations;

        public delegate ITransformer Trainer(MLContext ml, IDataView data);

        public enum Stage { Train = 1, Serve = 2 }

        [AttributeUsage(AttributeTargets.All)]
        public sealed class ModelAttribute(string name) : Attribute { public string Name { get; } = name; }

        public interface IPipeline
        {
            IEstimator<ITransformer> Build(MLContext ml);
            static virtual int Version => 1;
            ITransformer Fit(MLContext ml, IDataView data) => Build(ml).Fit(data);
        }

        public struct Holder
        {
            public MLContext Context;
            public Holder(int seed) => Context = new MLContext(seed);
        }

        [Model("price")]
        public class PriceModel : IPipeline, IDisposable
        {
            private static readonly Ctx Shared = new();
            private MLContext? _lazy;
            private event EventHandler<ITransformer>? Trained;
            public const int Seed = 7;

            public MLContext Context => _lazy ??= new MLContext();
            public ITransformer this[int index] => Shared.Model.Load($"model{index}.zip", out _);

            static PriceModel() { }
            public PriceModel() : this(Seed) { }
            public PriceModel(int seed) { _lazy = new MLContext(seed); }
            ~PriceModel() { }

            public IEstimator<ITransformer> Build(MLContext ml) => ml.Regression.Trainers.Sdca(labelColumnName: "Price");

            public ITransformer Train(IDataView data)
            {
                var ml = new MLContext();
                var model = Build(ml).Fit(ml.Data.ShuffleRows(data));
                Trained?.Invoke(this, model);
                ml.Model.Save(model, null, "model.zip");
                return model;
            }

            public static PriceModel operator +(PriceModel left, PriceModel right) => left;
            public static implicit operator MLContext(PriceModel model) => model.Context;
            public void Dispose() => GC.SuppressFinalize(this);
            public double Scale(double x) => Abs(Pow(x, 2));

            protected internal class Nested
            {
                private readonly Trainer _trainer = (ml, data) => ml.Regression.Trainers.Sdca().Fit(data);
                internal ITransformer Run(IDataView data) => _trainer(new MLContext(), data);
            }
        }

        public static class MLContextExtensions
        {
            public static ITransformer TrainQuickly(this MLContext ml, IDataView data) => ml.Regression.Trainers.Sdca().Fit(data);
            public static IEnumerable<MLContext> Contexts() { yield return new MLContext(1); yield break; }
        }
        """;

    public const string TopLevelProgram = """
        using System;
        using Microsoft.ML;
        using Microsoft.ML.Data;

        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable(new[] { new Row(1, 2), new Row(2, 4) });
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.5);
        var model = Train(ml, split.TrainSet);
        ml.Model.Save(model, null, args.Length > 0 ? args[0] : "model.zip");
        Console.WriteLine(Evaluate(model, split.TestSet).RSquared);

        ITransformer Train(MLContext context, IDataView trainSet)
        {
            static IEstimator<ITransformer> Pipeline(MLContext c) => c.Transforms.Concatenate("Features", nameof(Row.X))
                .Append(c.Regression.Trainers.Sdca(labelColumnName: nameof(Row.Y)));
            return Pipeline(context).Fit(trainSet);
        }

        RegressionMetrics Evaluate(ITransformer trained, IDataView testSet)
            => ml.Regression.Evaluate(trained.Transform(testSet), labelColumnName: nameof(Row.Y));

        record Row(float X, float Y);
        """;

    public const string RecordsAndPatterns = """
        using System;
        using Microsoft.ML;

        namespace Zoo.Records;

        public record Experiment(MLContext Context, string Name)
        {
            public ITransformer Run(IDataView data) => Context.Regression.Trainers.Sdca().Fit(data);
        }

        public sealed record class Seeded(int Seed) : Experiment(new MLContext(Seed), "seeded");

        public record Tuner(int Trials)
        {
            public ITransformer Tune(IDataView data)
            {
                var ml = new MLContext();
                var folds = ml.Regression.CrossValidate(data, ml.Regression.Trainers.Sdca(), numberOfFolds: Trials);
                return folds[0].Model;
            }
        }

        public readonly record struct Split(IDataView Train, IDataView Test);

        public static class Matcher
        {
            public static object Describe(object value) => value switch
            {
                MLContext { } ml when ml.Data is not null => ml.Data.ShuffleRows((IDataView)null!),
                Experiment { Name: "seeded" or "fixed" } e => e with { Name = "copy" },
                Split(var train, _) => train,
                int[] and [1, .. var rest] => rest.Length,
                (int x, int y) and ({ } _, > 0) => x + y,
                null => "none",
                _ => value.ToString() ?? "",
            };

            public static ITransformer? Train(object candidate, IDataView data)
            {
                if (candidate is not MLContext ml)
                {
                    return null;
                }

                var experiment = new Experiment(new MLContext(), "unseeded");
                var (context, name) = experiment;
                return name.Length switch
                {
                    0 => null,
                    > 0 and < 10 => context.Regression.Trainers.Sdca().Fit(ml.Data.TrainTestSplit(data).TrainSet),
                    _ => ml.Regression.Trainers.Sdca().Fit(data),
                };
            }
        }
        """;

    public const string GenericsAndAsync = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading.Tasks;
        using Microsoft.ML;

        namespace Zoo.Generics;

        public interface IScorer<in TIn, out TOut> where TIn : class where TOut : class, new()
        {
            TOut Score(TIn input);
        }

        public abstract class Catalog<TModel> where TModel : class, ITransformer
        {
            protected abstract TModel Fit(MLContext ml, IDataView data);
            public virtual async Task<TModel> FitAsync(IDataView data) => await Task.Run(() => Fit(new MLContext(), data));
        }

        public sealed class SdcaCatalog : Catalog<ITransformer>
        {
            protected override ITransformer Fit(MLContext ml, IDataView data) => ml.Regression.Trainers.Sdca().Fit(data);
        }

        public static class Runner
        {
            public static async IAsyncEnumerable<ITransformer> TrainAll(IEnumerable<IDataView> sets)
            {
                var ml = new MLContext();
                foreach (var set in sets)
                {
                    await Task.Yield();
                    yield return ml.Regression.Trainers.Sdca().Fit(set);
                }
            }

            public static T Pick<T>(params T[] items) where T : notnull => items[0];

            public static IEnumerable<object> Query(IEnumerable<IDataView> sets)
                => from set in sets
                   let ml = new MLContext(seed: 1)
                   where set != null
                   orderby set.GetHashCode() descending
                   group set by ml into g
                   select (object)g.Key.Data.ShuffleRows(g.First());

            public static Func<IDataView, ITransformer> Curry(MLContext ml) => data => ml.Regression.Trainers.Sdca().Fit(data);

            public static unsafe int Unsafe(IDataView data)
            {
                int* buffer = stackalloc int[4];
                fixed (char* name = "model")
                {
                    buffer[0] = name[0];
                }

                var ml = new MLContext();
                _ = ml.Data.BootstrapSample(data);
                checked { return buffer[0] + sizeof(int); }
            }

            public static void Ref(ref MLContext ml, out MLContext copy, in int seed)
            {
                ref var alias = ref ml;
                alias = new MLContext(seed);
                copy = alias;
                goto done;
            done:
                ml.Data.TrainTestSplit(null!);
            }
        }
        """;

    public const string PartialTypes = """
        using Microsoft.ML;

        namespace Zoo.Partial;

        public partial class Trainer
        {
            private readonly MLContext _ml;

            public Trainer() => _ml = new MLContext();

            partial void OnTrained(ITransformer model);

            public partial ITransformer Train(IDataView data);
        }

        public partial class Trainer
        {
            public partial ITransformer Train(IDataView data)
            {
                var split = _ml.Data.TrainTestSplit(data, testFraction: 0.25);
                var model = _ml.Regression.Trainers.Sdca().Fit(split.TrainSet);
                OnTrained(model);
                _ml.Model.Save(model, default, "model.zip");
                return model;
            }

            partial void OnTrained(ITransformer model) { }
        }

        public static partial class Outer
        {
            public partial class Inner<T> where T : struct
            {
                public ITransformer Fit(IDataView data) => new MLContext().Regression.Trainers.Sdca().Fit(data);
            }
        }
        """;

    /// <summary>Generated code (by its header and its attribute): the rules skip it, but must not crash on it.</summary>
    public const string GeneratedCode = """
        // <auto-generated>
        //     This code was generated by a tool.
        // </auto-generated>
        #nullable enable
        using Microsoft.ML;

        namespace Zoo.Generated
        {
            [global::System.CodeDom.Compiler.GeneratedCode("tool", "1.0")]
            internal sealed partial class GeneratedTrainer
            {
                public ITransformer Train(IDataView data)
                {
                    var ml = new MLContext();
                    var model = ml.Regression.Trainers.Sdca().Fit(ml.Data.ShuffleRows(data));
                    ml.Model.Save(model, null, "generated.zip");
                    return model;
                }
        #if DEBUG
                public void Debug() { }
        #endif
            }
        }
        """;

    /// <summary>The pieces by name, with the file name each is typed into (generated code in a <c>.g.cs</c> file).</summary>
    public static readonly (string Name, string FileName, string Text)[] All =
    {
        (nameof(Declarations), "Declarations.cs", Declarations),
        (nameof(TopLevelProgram), "Program.cs", TopLevelProgram),
        (nameof(RecordsAndPatterns), "Records.cs", RecordsAndPatterns),
        (nameof(GenericsAndAsync), "Generics.cs", GenericsAndAsync),
        (nameof(PartialTypes), "Partial.cs", PartialTypes),
        (nameof(GeneratedCode), "Trainer.g.cs", GeneratedCode),
    };
}
