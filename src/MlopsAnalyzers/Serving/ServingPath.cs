using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.Serving;

/// <summary>The ASP.NET Core, Microsoft.Extensions.ML and monitoring types the serving rules follow; each is null when not referenced.</summary>
internal sealed class ServingSymbols
{
    internal ServingSymbols(Compilation compilation)
    {
        ControllerBase = compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Mvc.ControllerBase");
        ApiControllerAttribute = compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Mvc.ApiControllerAttribute");
        ControllerAttribute = compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Mvc.ControllerAttribute");
        NonActionAttribute = compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Mvc.NonActionAttribute");
        EndpointRouteBuilderExtensions = compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions");
        PredictionEnginePool = compilation.GetBestTypeByMetadataName("Microsoft.Extensions.ML.PredictionEnginePool`2");
        DriftMonitor = compilation.GetBestTypeByMetadataName("MlopsAnalyzers.Abstractions.Monitoring.DriftMonitor`1");
        MonitoredPredictionEngine = compilation.GetBestTypeByMetadataName("MlopsAnalyzers.Abstractions.Monitoring.MonitoredPredictionEngine`2");
        HostedService = compilation.GetBestTypeByMetadataName("Microsoft.Extensions.Hosting.IHostedService");
    }

    /// <summary>Microsoft.Extensions.Hosting's <c>IHostedService</c>: a background worker, batch work rather than request serving (MLOPS503).</summary>
    public INamedTypeSymbol? HostedService { get; }

    /// <summary>
    /// The runtime library's monitoring decorator (<c>MonitoredPredictionEngine`2</c>); null unless the compilation
    /// references MlopsAnalyzers.Abstractions. The MLOPS503 fix is offered only then.
    /// </summary>
    public INamedTypeSymbol? MonitoredPredictionEngine { get; }

    /// <summary>The runtime library's <c>DriftMonitor&lt;TSrc&gt;</c>: code that feeds one has a monitoring hook (MLOPS503).</summary>
    public INamedTypeSymbol? DriftMonitor { get; }

    public INamedTypeSymbol? ControllerBase { get; }

    public INamedTypeSymbol? ApiControllerAttribute { get; }

    public INamedTypeSymbol? ControllerAttribute { get; }

    public INamedTypeSymbol? NonActionAttribute { get; }

    /// <summary>Holds <c>MapGet</c>, <c>MapPost</c>, ...: a delegate passed to them is a minimal-API handler.</summary>
    public INamedTypeSymbol? EndpointRouteBuilderExtensions { get; }

    /// <summary>Microsoft.Extensions.ML's <c>PredictionEnginePool&lt;TData, TPrediction&gt;</c>.</summary>
    public INamedTypeSymbol? PredictionEnginePool { get; }
}

/// <summary>
/// The serving path of one type, shared by the rules that ask "does this code run once per request or prediction?"
/// (MLOPS202, MLOPS502, MLOPS503). A context is a member of the type, or the syntax of a minimal-API handler lambda.
/// The path is made of: ASP.NET Core controller actions; minimal-API handlers (lambdas or methods of the type passed to
/// <c>MapGet</c>, <c>MapPost</c>, ...); the contexts a rule marks (its own <see cref="ServingMarks"/>, so that rules
/// sharing one path never see each other's marks); and every method of the type any of these calls, transitively.
/// Thread-safe: the operation actions of the family's symbol-start action feed it concurrently
/// (<see cref="OnInvocation"/>, <see cref="RegisterMethodReferences"/>), and <see cref="Resolve"/> runs at the symbol's end.
/// </summary>
internal sealed class ServingPath
{
    private readonly object _gate = new();
    private readonly MlNetSymbols _symbols;
    private readonly INamedTypeSymbol _type;
    private readonly ServingMarks _handlers = new();
    private readonly List<(ServingContext Caller, IMethodSymbol Callee)> _calls = new();

    public ServingPath(MlNetSymbols symbols, INamedTypeSymbol type)
    {
        _symbols = symbols;
        _type = type;
    }

    private ServingSymbols Web => _symbols.Serving;

    /// <summary>
    /// True for code that runs once, not per prediction: constructors, initializers, <c>Main</c> and top-level
    /// statements. Such a context is never put on the path by its own <c>Predict</c> call.
    /// </summary>
    public static bool RunsOnce(ServingContext context) => context.Member switch
    {
        IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor } => true,
        IMethodSymbol { IsStatic: true, Name: "Main" or "<Main>$" } => true,
        IFieldSymbol or IPropertySymbol => true,
        _ => false,
    };

    /// <summary>
    /// Marks <paramref name="context"/> as the per-prediction path when <paramref name="invocation"/> is a prediction
    /// made once per call of it (<see cref="IsOnePredictionPerCall"/>) and the context does not run once.
    /// </summary>
    public void MarkIfOnePredictionPerCall(ServingMarks marks, IInvocationOperation invocation, ServingContext context)
    {
        if (!RunsOnce(context) && IsOnePredictionPerCall(invocation))
        {
            marks.Add(context, context.Member is not null ? $"in {context.Description}, which predicts once per call" : "in a minimal-API handler");
        }
    }

    /// <summary>
    /// Records the calls between methods of the type and the minimal-API handlers an invocation maps, and returns the
    /// context the invocation runs in (<see cref="GetContext"/>), for the rules that read the path.
    /// </summary>
    public ServingContext OnInvocation(IInvocationOperation invocation, ISymbol containingSymbol)
    {
        var context = GetContext(invocation, containingSymbol);
        var method = invocation.TargetMethod;
        if (IsSameType(method))
        {
            lock (_gate)
            {
                _calls.Add((context, method.OriginalDefinition));
            }
        }

        if (Web.EndpointRouteBuilderExtensions is { } endpoints
            && SymbolEqualityComparer.Default.Equals(method.ContainingType, endpoints))
        {
            foreach (var argument in invocation.Arguments)
            {
                switch (argument.Value.WalkDownConversion())
                {
                    case IDelegateCreationOperation { Target: IAnonymousFunctionOperation handler }:
                        _handlers.Add(ServingContext.OfHandler(handler.Syntax), "in a minimal-API handler");
                        break;
                    case IDelegateCreationOperation { Target: IMethodReferenceOperation { Method: var handlerMethod } } when IsSameType(handlerMethod):
                        _handlers.Add(ServingContext.Of(handlerMethod), $"in minimal-API handler '{handlerMethod.Name}'");
                        break;
                }
            }
        }

        return context;
    }

    /// <summary>Registers, in the type's symbol-start action, the action that records method groups of the type (<c>Select(Score)</c>) as calls.</summary>
    public void RegisterMethodReferences(SymbolStartAnalysisContext start)
        => start.RegisterOperationAction(
            c =>
            {
                var reference = (IMethodReferenceOperation)c.Operation;
                if (IsSameType(reference.Method))
                {
                    var context = GetContext(reference, c.ContainingSymbol);
                    lock (_gate)
                    {
                        _calls.Add((context, reference.Method.OriginalDefinition));
                    }
                }
            },
            OperationKind.MethodReference);

    /// <summary>The innermost minimal-API handler lambda around the operation, else the containing member.</summary>
    public ServingContext GetContext(IOperation operation, ISymbol containingSymbol)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation lambda && IsHandlerLambda(lambda))
            {
                return ServingContext.OfHandler(lambda.Syntax);
            }
        }

        return ServingContext.Of(containingSymbol);
    }

    /// <summary>
    /// Every serving context and why: the minimal-API handlers, the contexts a rule marked, controller actions among the
    /// callers and <paramref name="candidates"/>, and the methods of the type they call, transitively. Call at the
    /// symbol's end, once per rule.
    /// </summary>
    public Dictionary<ServingContext, string> Resolve(ServingMarks marks, IEnumerable<ServingContext> candidates)
    {
        var reasons = _handlers.CopyTo(new Dictionary<ServingContext, string>());
        marks.CopyTo(reasons);
        var contexts = new List<ServingContext>(candidates);
        foreach (var (caller, _) in _calls)
        {
            contexts.Add(caller);
        }

        foreach (var candidate in contexts)
        {
            if (candidate.Member is { } member && !reasons.ContainsKey(candidate) && IsControllerAction(member))
            {
                reasons[candidate] = $"in controller action '{member.Name}'";
            }
        }

        var queue = new Queue<ServingContext>(reasons.Keys);
        while (queue.Count > 0)
        {
            var caller = queue.Dequeue();
            foreach (var (from, callee) in _calls)
            {
                var calleeContext = ServingContext.Of(callee);
                if (from.Equals(caller) && !reasons.ContainsKey(calleeContext))
                {
                    reasons[calleeContext] = $"in '{callee.Name}', called from {caller.Description}";
                    queue.Enqueue(calleeContext);
                }
            }
        }

        return reasons;
    }

    /// <summary>
    /// True for an ML.NET <c>PredictionEngine.Predict</c> that makes one prediction per call of its context: not in a
    /// loop or a nested lambda, on an input that comes from the context's parameters (<c>engine.Predict(input)</c>,
    /// <c>engine.Predict(new House { Size = size })</c>), with an engine not built from a model the method trains
    /// itself (the tutorial's "train, then try one prediction").
    /// </summary>
    public bool IsOnePredictionPerCall(IInvocationOperation predict)
    {
        if (!_symbols.IsEnginePredict(predict.TargetMethod)
            || predict.Instance is not { } engine
            || predict.Arguments.Length == 0
            || IsInLoopOrNestedFunction(predict)
            || IsBuiltFromLocalTraining(engine, _symbols))
        {
            return false;
        }

        var input = DataFlow.ResolveValue(predict.Arguments[0].Value) ?? predict.Arguments[0].Value.WalkDownConversion();
        foreach (var operation in input.DescendantsAndSelf())
        {
            if (operation is IParameterReferenceOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when the operation runs a variable number of times per call of its context: in a loop, or in a lambda or
    /// local function other than the minimal-API handler that is the context itself.
    /// </summary>
    public bool IsInLoopOrNestedFunction(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IAnonymousFunctionOperation lambda:
                    return !IsHandlerLambda(lambda);
                case ILocalFunctionOperation:
                    return true;
                case ILoopOperation:
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when the prediction engine is built in this method from a model this method trains (the tutorial
    /// "train, then try one prediction"): a local or a field assigned here from <c>CreatePredictionEngine(model)</c>
    /// where the model is fitted here, not loaded.
    /// </summary>
    public static bool IsBuiltFromLocalTraining(IOperation engine, MlNetSymbols symbols)
    {
        var root = engine.GetRoot();
        var value = engine.WalkDownConversion();
        IOperation? created = null;
        switch (value)
        {
            case ILocalReferenceOperation local:
                created = DataFlow.GetSingleAssignedValue(root, local.Local);
                break;
            case IInvocationOperation:
                created = value;
                break;
            case IFieldReferenceOperation or IPropertyReferenceOperation:
                var symbol = value.GetReferencedSymbol();
                foreach (var operation in root.GetDescendants())
                {
                    if (operation is ISimpleAssignmentOperation assignment
                        && SymbolEqualityComparer.Default.Equals(assignment.Target.GetReferencedSymbol(), symbol))
                    {
                        created = assignment.Value;
                    }
                }

                break;
        }

        if (created?.WalkDownConversion() is not IInvocationOperation { TargetMethod.Name: "CreatePredictionEngine" } create
            || create.GetArgument("transformer") is not { } modelArgument)
        {
            return false;
        }

        return IsFittedHere(modelArgument.Value, symbols);
    }

    /// <summary>
    /// True when <paramref name="model"/> is <c>estimator.Fit(...)</c>, directly or through a local assigned once; a
    /// transformer chain with such a model appended (<c>prep.Append(fitted)</c>); or a model loaded back in a method that
    /// saves one (train, save, reload and try it).
    /// </summary>
    public static bool IsFittedHere(IOperation model, MlNetSymbols symbols) => IsFittedHere(model, symbols, depth: 0);

    private static bool IsFittedHere(IOperation model, MlNetSymbols symbols, int depth)
    {
        var value = model.WalkDownConversion();
        if (value is ILocalReferenceOperation modelLocal)
        {
            value = DataFlow.GetSingleAssignedValue(value.GetRoot(), modelLocal.Local)?.WalkDownConversion() ?? value;
        }

        if (value is not IInvocationOperation call || depth > 16)
        {
            return false;
        }

        if (symbols.IsEstimatorFit(call.TargetMethod))
        {
            return true;
        }

        if (call.TargetMethod.Name == "Append" && call.TargetMethod.IsFromMlNet() && symbols.IsTransformer(call.Type))
        {
            foreach (var argument in call.Arguments)
            {
                if (IsFittedHere(argument.Value, symbols, depth + 1))
                {
                    return true;
                }
            }

            return call.Instance is { } chain && IsFittedHere(chain, symbols, depth + 1);
        }

        if (symbols.IsModelLoad(call.TargetMethod))
        {
            foreach (var operation in call.GetRoot().GetDescendants())
            {
                if (operation is IInvocationOperation { TargetMethod: { Name: "Save" } save }
                    && SymbolEqualityComparer.Default.Equals(save.ContainingType, symbols.ModelOperationsCatalog))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private bool IsSameType(IMethodSymbol method)
        => SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, _type.OriginalDefinition);

    private bool IsHandlerLambda(IAnonymousFunctionOperation lambda)
        => Web.EndpointRouteBuilderExtensions is { } endpoints
           && lambda.Parent is IDelegateCreationOperation creation
           && creation.WalkUpConversion() is IArgumentOperation { Parent: IInvocationOperation map }
           && SymbolEqualityComparer.Default.Equals(map.TargetMethod.ContainingType, endpoints);

    private bool IsControllerAction(ISymbol symbol)
    {
        if (symbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary, IsStatic: false, DeclaredAccessibility: Accessibility.Public } method
            || HasAttribute(method, Web.NonActionAttribute))
        {
            return false;
        }

        for (var type = method.ContainingType; type is not null; type = type.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(type, Web.ControllerBase)
                || HasAttribute(type, Web.ApiControllerAttribute)
                || HasAttribute(type, Web.ControllerAttribute))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasAttribute(ISymbol symbol, INamedTypeSymbol? attributeType)
    {
        if (attributeType is null)
        {
            return false;
        }

        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass.InheritsFrom(attributeType))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// The contexts one rule marks as serving code, with why (the first reason given wins). Thread-safe: operation actions
/// add marks concurrently.
/// </summary>
internal sealed class ServingMarks
{
    private readonly Dictionary<ServingContext, string> _reasons = new();

    /// <summary>Marks <paramref name="context"/> as serving code, for <paramref name="reason"/>.</summary>
    public void Add(ServingContext context, string reason)
    {
        lock (_reasons)
        {
            if (!_reasons.ContainsKey(context))
            {
                _reasons[context] = reason;
            }
        }
    }

    /// <summary>Adds the marks to <paramref name="reasons"/> where it has no reason for the context yet.</summary>
    public Dictionary<ServingContext, string> CopyTo(Dictionary<ServingContext, string> reasons)
    {
        lock (_reasons)
        {
            foreach (var pair in _reasons)
            {
                if (!reasons.ContainsKey(pair.Key))
                {
                    reasons[pair.Key] = pair.Value;
                }
            }
        }

        return reasons;
    }
}
