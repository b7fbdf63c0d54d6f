using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlopsAnalyzers.Serving;

namespace MlopsAnalyzers.Skew;

/// <summary>
/// MLOPS202: an estimator's <c>Fit</c> on the serving path. The serving path is, within one type: a method that loads a
/// model (<c>Model.Load</c>; not one that also saves a model: a round trip of its own training), a method that scores
/// data with a loaded model (<c>model.Transform(batch)</c>, the model from <c>Model.Load</c> or the registry in that
/// method or in a field or property of the type), a method that predicts with an engine it did not build from its own training
/// (<c>PredictionEngine.Predict</c> on a field or parameter, <c>PredictionEnginePool.Predict</c>), an ASP.NET Core
/// controller action, a minimal-API handler (a lambda or method passed to <c>MapPost</c>, <c>MapGet</c>, ...), and every
/// method of the type such code calls. Anywhere, <c>Fit</c> on <c>LoadFromEnumerable</c> of one request's input
/// (<c>new[] { input }</c>, input a parameter) is on the serving path too.
/// </summary>
/// <remarks>
/// Not flagged, because no statistic is learned from serving data or the model is trained on purpose: a <c>Fit</c> whose
/// result is saved, stored in a field or property, returned, passed to a method, or made into a prediction engine that
/// is stored or returned (a retraining endpoint or method);
/// a <c>Fit</c> on an empty or schema-only data view (the ONNX/TensorFlow idiom to obtain a transformer); a chain made
/// only of steps that learn nothing (<c>ApplyOnnxModel</c>, <c>ScoreTensorFlowModel</c>, image loading, column copies,
/// ...); retraining methods that no serving code of the type calls.
/// </remarks>
internal static class FitOnServingPathRule
{
    public static readonly DiagnosticDescriptor Descriptor = Descriptors.Create(
        RuleIdentifiers.FitOnServingPath,
        RuleCategories.Skew,
        RuleLevel.IdeSuggestion,
        title: "Transform fitted at inference time",
        messageFormat: "'{0}' is fitted on the serving path ({1}): its statistics come from serving data, not from the training data; load the saved chain instead",
        description: "Fitting an estimator where predictions are served (a method that loads a model or predicts with one trained elsewhere, a controller action, a minimal-API handler, data built from one request) learns normalization ranges, vocabularies or category keys from serving data, so the features differ from those the model was trained on. Fit the whole chain at training time, save it, and load it for serving. Scoring-only ONNX and TensorFlow pipelines fitted to obtain a transformer, and retraining methods not called from serving code, are not flagged.");

    /// <summary>ML.NET steps whose Fit learns nothing from the data: fitting them at inference is not skew.</summary>
    private static readonly ImmutableHashSet<string> StatelessSteps = ImmutableHashSet.Create(
        System.StringComparer.Ordinal,
        "ApplyOnnxModel", "ScoreTensorFlowModel", "DnnFeaturizeImage", "ApplyWordEmbedding",
        "LoadImages", "LoadRawImageBytes", "ResizeImages", "ExtractPixels", "ConvertToGrayscale",
        "CopyColumns", "DropColumns", "SelectColumns", "Concatenate", "ConvertType", "CustomMapping",
        "MapKeyToValue", "TokenizeIntoWords", "TokenizeIntoCharactersAsKeys", "NormalizeText", "RemoveDefaultStopWords",
        "ProduceNgrams", "Expression");

    /// <summary>True when the compilation has the ML.NET types the rule needs.</summary>
    public static bool Applies(MlNetSymbols symbols) => symbols.IEstimator is not null && symbols.ModelOperationsCatalog is not null;

    /// <summary>The facts collected for one type, read when the whole type has been analyzed.</summary>
    /// <summary>The rule's facts about one type, fed by the family's operation actions and read at the type's end.</summary>
    internal sealed class TypeAnalysis
    {
        private readonly object _gate = new();
        private readonly MlNetSymbols _symbols;
        private readonly List<(IInvocationOperation Fit, ServingContext Context, string? RequestReason)> _fits = new();
        private readonly ServingPath _path;
        private readonly ServingMarks _marks = new();
        private readonly HashSet<ISymbol> _loadedMembers = new(SymbolEqualityComparer.Default);
        private readonly List<(ServingContext Context, ISymbol Member)> _memberScoring = new();

        public TypeAnalysis(MlNetSymbols symbols, ServingPath path)
        {
            _symbols = symbols;
            _path = path;
        }

        public void OnInvocation(IInvocationOperation invocation, ServingContext context)
        {
            var method = invocation.TargetMethod;
            if (_symbols.IsEstimatorFit(method) && invocation.Arguments.Length == 1)
            {
                if (!IsExempt(invocation))
                {
                    var requestReason = IsOneRequestsData(invocation.Arguments[0].Value) ? "on a data view built from one request's input" : null;
                    lock (_gate)
                    {
                        _fits.Add((invocation, context, requestReason));
                    }
                }

                return;
            }

            if (GetServingReason(invocation) is { } reason)
            {
                _marks.Add(context, reason);
            }

            if (IsModelLoad(invocation.TargetMethod) && GetStoringMember(invocation) is { } member)
            {
                lock (_gate)
                {
                    _loadedMembers.Add(member);
                }
            }
            else if (_symbols.IsTransform(method) && invocation.Instance is { } model)
            {
                // Batch scoring: model.Transform(batch) with a model loaded here, or held in a member loaded elsewhere.
                var value = model.WalkDownConversion();
                if (value is IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } or IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation, Arguments.IsEmpty: true })
                {
                    lock (_gate)
                    {
                        _memberScoring.Add((context, value.GetReferencedSymbol()!.OriginalDefinition));
                    }
                }
                else if (DataFlow.ResolveValue(value) is IInvocationOperation load
                    && IsModelLoad(load.TargetMethod)
                    && !SavesAModel(load.GetRoot()))
                {
                    _marks.Add(context, ScoresWithALoadedModel);
                }
            }
        }

        private const string ScoresWithALoadedModel = "in a method that scores data with a loaded model";

        /// <summary>ML.NET's <c>Model.Load</c>, or a <c>Load</c> of the runtime library's model registry that returns a model.</summary>
        private bool IsModelLoad(IMethodSymbol method)
            => _symbols.IsModelLoad(method)
               || (method.Name == "Load"
                   && method.ContainingAssembly?.Name == "MlopsAnalyzers.Abstractions"
                   && _symbols.IsTransformer(method.ReturnType));

        /// <summary>The field or property of the type a loaded model is stored in (<c>_model = ml.Model.Load(...)</c>, an initializer).</summary>
        private static ISymbol? GetStoringMember(IInvocationOperation load)
        {
            var parent = load.WalkUpConversion();
            return parent switch
            {
                ISimpleAssignmentOperation { Target: IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } or IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation } } assignment
                    => assignment.Target.GetReferencedSymbol()?.OriginalDefinition,
                IFieldInitializerOperation { InitializedFields.Length: 1 } field => field.InitializedFields[0].OriginalDefinition,
                IPropertyInitializerOperation { InitializedProperties.Length: 1 } property => property.InitializedProperties[0].OriginalDefinition,
                _ => null,
            };
        }

        /// <summary>True when the method saves a model: a load there reads back what it trained (a round trip), not a served model.</summary>
        private bool SavesAModel(IOperation root)
        {
            foreach (var operation in root.GetDescendants())
            {
                if (operation is IInvocationOperation { TargetMethod: { Name: "Save" } save }
                    && SymbolEqualityComparer.Default.Equals(save.ContainingType, _symbols.ModelOperationsCatalog))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Why the code around <paramref name="invocation"/> serves predictions, or null.</summary>
        private string? GetServingReason(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            if (_symbols.IsModelLoad(method))
            {
                // A method that trains, saves and reloads its own model checks the round trip: it serves nothing.
                return SavesAModel(invocation.GetRoot()) ? null : "in a method that loads a model";
            }

            if (method.Name != "Predict")
            {
                return null;
            }

            if (_symbols.Serving.PredictionEnginePool is { } pool && SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, pool))
            {
                return "in a method that predicts with a PredictionEnginePool";
            }

            if (_symbols.IsEnginePredict(method)
                && invocation.Instance is { } engine
                && !ServingPath.IsBuiltFromLocalTraining(engine, _symbols))
            {
                return "in a method that predicts with a model trained elsewhere";
            }

            return null;
        }

        /// <summary>The fits that are not skew: the result is kept as a model, the data is empty, or nothing is learned.</summary>
        private bool IsExempt(IInvocationOperation fit)
            => ResultEscapes(fit) || IsSchemaOnlyData(fit.Arguments[0].Value) || IsStateless(fit.Instance);

        /// <summary>True when the fitted model is saved, stored, returned or passed on: training on purpose.</summary>
        private bool ResultEscapes(IInvocationOperation fit)
        {
            var root = fit.GetRoot();
            if (Escapes(fit, out var local))
            {
                return true;
            }

            if (local is null)
            {
                return false;
            }

            foreach (var operation in root.GetDescendants())
            {
                if (operation is ILocalReferenceOperation reference
                    && SymbolEqualityComparer.Default.Equals(reference.Local, local)
                    && Escapes(reference, out _))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether the value of <paramref name="value"/> leaves the method; <paramref name="local"/> is set when it is stored in a local.</summary>
        private bool Escapes(IOperation value, out ILocalSymbol? local)
        {
            local = null;
            var parent = value.WalkUpConversion();
            switch (parent)
            {
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    local = declarator.Symbol;
                    return false;
                case ISimpleAssignmentOperation assignment when assignment.Value.WalkDownConversion() == value:
                    if (assignment.Target is ILocalReferenceOperation target)
                    {
                        local = target.Local;
                        return false;
                    }

                    return true;
                case IReturnOperation:
                    return true;
                case IArgumentOperation { Parent: IInvocationOperation call } argument:
                    var method = call.TargetMethod;
                    if (method.IsExtensionMethod && argument.Parameter?.Ordinal == 0)
                    {
                        // Receiver of an extension method (prep.Append(model)): judged like an instance call.
                        return false;
                    }

                    if (!method.IsFromMlNet())
                    {
                        return true;
                    }

                    if (SymbolEqualityComparer.Default.Equals(method.ContainingType, _symbols.ModelOperationsCatalog))
                    {
                        // Saved or exported: kept. An engine made from it is kept when the engine is (a field, a return).
                        return method.Name != "CreatePredictionEngine" || EngineEscapes(call);
                    }

                    return false;
                case IArgumentOperation:
                    // A constructor argument, or an argument of an invalid call: not followed.
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>True when the engine a <c>CreatePredictionEngine</c> call makes is stored in a field or property, or returned.</summary>
        private static bool EngineEscapes(IInvocationOperation create)
        {
            var parent = create.WalkUpConversion();
            return parent is IReturnOperation
                   || parent is ISimpleAssignmentOperation { Target: IFieldReferenceOperation or IPropertyReferenceOperation } assignment
                      && assignment.Value.WalkDownConversion() == create;
        }

        /// <summary><c>LoadFromEnumerable</c> of an empty collection, or of rows made with <c>new T()</c> only: schema, no statistics.</summary>
        private static bool IsSchemaOnlyData(IOperation data)
        {
            if (LoadFromEnumerableSource(data) is not { } source)
            {
                return false;
            }

            return source switch
            {
                IArrayCreationOperation array => array.Initializer is null
                    ? array.DimensionSizes.Length == 1 && array.DimensionSizes[0].ConstantValue is { HasValue: true, Value: 0 }
                    : AllDefaultRows(array.Initializer.ElementValues),
                IObjectCreationOperation creation => creation.Initializer is null || creation.Initializer.Initializers.IsEmpty,
                IInvocationOperation { TargetMethod.Name: "Empty", Arguments.Length: 0 } => true,
                _ => false,
            };
        }

        private static bool AllDefaultRows(ImmutableArray<IOperation> rows)
        {
            foreach (var row in rows)
            {
                if (row.WalkDownConversion() is not IObjectCreationOperation { Arguments.IsEmpty: true, Initializer: null })
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The collection given to <c>LoadFromEnumerable</c>, through a local assigned once.</summary>
        private static IOperation? LoadFromEnumerableSource(IOperation data)
        {
            var root = data.GetRoot();
            var value = data.WalkDownConversion();
            if (value is ILocalReferenceOperation local)
            {
                value = DataFlow.GetSingleAssignedValue(root, local.Local)?.WalkDownConversion();
            }

            if (value is not IInvocationOperation { TargetMethod.Name: "LoadFromEnumerable" } load
                || !load.TargetMethod.IsFromMlNet()
                || load.GetArgument("data") is not { } source)
            {
                return null;
            }

            var collection = source.Value.WalkDownConversion();
            if (collection is ILocalReferenceOperation collectionLocal)
            {
                collection = DataFlow.GetSingleAssignedValue(root, collectionLocal.Local)?.WalkDownConversion();
            }

            return collection;
        }

        /// <summary><c>LoadFromEnumerable(new[] { input })</c>, <c>new List&lt;T&gt; { input }</c>, with input a parameter.</summary>
        private static bool IsOneRequestsData(IOperation data)
        {
            var elements = LoadFromEnumerableSource(data) switch
            {
                IArrayCreationOperation { Initializer: { } initializer } => initializer.ElementValues,
                IObjectCreationOperation { Initializer: { } initializer } => ElementsOf(initializer),
                _ => ImmutableArray<IOperation>.Empty,
            };

            foreach (var element in elements)
            {
                if (element.WalkDownConversion() is IParameterReferenceOperation)
                {
                    return true;
                }
            }

            return false;
        }

        private static ImmutableArray<IOperation> ElementsOf(IObjectOrCollectionInitializerOperation initializer)
        {
            var builder = ImmutableArray.CreateBuilder<IOperation>();
            foreach (var item in initializer.Initializers)
            {
                if (item is IInvocationOperation { Arguments.Length: 1 } add)
                {
                    builder.Add(add.Arguments[0].Value);
                }
            }

            return builder.ToImmutable();
        }

        /// <summary>True when every step of the fitted estimator (through Append chains and locals) learns nothing.</summary>
        private static bool IsStateless(IOperation? estimator)
        {
            if (estimator is null)
            {
                return false;
            }

            var root = estimator.GetRoot();
            var pending = new Stack<IOperation>();
            pending.Push(estimator);
            var steps = 0;
            while (pending.Count > 0 && steps < 64)
            {
                steps++;
                var value = pending.Pop().WalkDownConversion();
                if (value is ILocalReferenceOperation local)
                {
                    if (DataFlow.GetSingleAssignedValue(root, local.Local) is not { } assigned)
                    {
                        return false;
                    }

                    value = assigned.WalkDownConversion();
                }

                if (value is not IInvocationOperation step || !IsInMlNetNamespace(step.TargetMethod))
                {
                    return false;
                }

                if (step.TargetMethod.Name is "Append")
                {
                    if (step.GetReceiver() is not { } head || step.GetArgument("estimator") is not { } tail)
                    {
                        return false;
                    }

                    pending.Push(head);
                    pending.Push(tail.Value);
                }
                else if (!StatelessSteps.Contains(step.TargetMethod.Name))
                {
                    return false;
                }
            }

            return pending.Count == 0;
        }

        /// <summary>ML.NET and its packages (ONNX, TensorFlow, image analytics) live in Microsoft.ML namespaces.</summary>
        private static bool IsInMlNetNamespace(IMethodSymbol method)
        {
            for (var ns = method.ContainingType?.ContainingNamespace; ns is not null && !ns.IsGlobalNamespace; ns = ns.ContainingNamespace)
            {
                if (ns.Name == "ML" && ns.ContainingNamespace is { Name: "Microsoft", ContainingNamespace.IsGlobalNamespace: true })
                {
                    return true;
                }
            }

            return false;
        }

        public void Report(SymbolAnalysisContext context)
        {
            // Serving contexts, then every method of the type they call, transitively.
            var contexts = new List<ServingContext>();
            foreach (var (_, fitContext, _) in _fits)
            {
                contexts.Add(fitContext);
            }

            foreach (var (scoringContext, member) in _memberScoring)
            {
                if (_loadedMembers.Contains(member))
                {
                    _marks.Add(scoringContext, ScoresWithALoadedModel);
                }
            }

            var reasons = _path.Resolve(_marks, contexts);
            foreach (var (fit, fitContext, requestReason) in _fits)
            {
                var reason = requestReason ?? (reasons.TryGetValue(fitContext, out var found) ? found : null);
                if (reason is null)
                {
                    continue;
                }

                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptor,
                    Locations.NameToEnd(fit),
                    DescribeEstimator(fit.Instance),
                    reason));
            }
        }

        private static string DescribeEstimator(IOperation? estimator)
        {
            var syntax = estimator?.WalkDownConversion().Syntax;
            return syntax switch
            {
                IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or IdentifierNameSyntax } => syntax.ToString(),
                InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } => member.Name.Identifier.ValueText + "(...)",
                _ => "The estimator",
            };
        }
    }
}
