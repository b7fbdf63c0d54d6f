using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers;

/// <summary>ASP.NET Core and Microsoft.Extensions.ML types that mark serving code; each is null when not referenced.</summary>
public sealed class ServingSymbols
{
    internal ServingSymbols(Compilation compilation)
    {
        ControllerBase = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.ControllerBase");
        ApiControllerAttribute = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.ApiControllerAttribute");
        ControllerAttribute = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.ControllerAttribute");
        NonActionAttribute = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.NonActionAttribute");
        EndpointRouteBuilderExtensions = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions");
        PredictionEnginePool = compilation.GetTypeByMetadataName("Microsoft.Extensions.ML.PredictionEnginePool`2");
    }

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
/// <c>MapGet</c>, <c>MapPost</c>, ...); the contexts a rule marks (<see cref="AddReason"/>); and every method of the
/// type any of these calls, transitively. Thread-safe: operation actions of one symbol-start action feed it
/// concurrently, and <see cref="Resolve"/> runs at the symbol's end.
/// </summary>
public sealed class ServingPath
{
    private readonly object _gate = new();
    private readonly MlNetSymbols _symbols;
    private readonly INamedTypeSymbol _type;
    private readonly Dictionary<object, string> _reasons = new(SymbolOrReferenceComparer.Instance);
    private readonly List<(object Caller, IMethodSymbol Callee)> _calls = new();

    public ServingPath(MlNetSymbols symbols, INamedTypeSymbol type)
    {
        _symbols = symbols;
        _type = type;
    }

    private ServingSymbols Web => _symbols.Serving;

    /// <summary>
    /// Registers, in the symbol-start action of the type, the actions that feed the path: every invocation is recorded
    /// (<see cref="OnInvocation"/>) and then handed to <paramref name="onInvocation"/> with its context; method groups
    /// of the type count as calls; <paramref name="report"/> runs at the type's end.
    /// </summary>
    public void Register(SymbolStartAnalysisContext start, Action<IInvocationOperation, object> onInvocation, Action<SymbolAnalysisContext> report)
    {
        start.RegisterOperationAction(
            c =>
            {
                var invocation = (IInvocationOperation)c.Operation;
                var context = GetContext(invocation, c.ContainingSymbol);
                OnInvocation(invocation, context);
                onInvocation(invocation, context);
            },
            OperationKind.Invocation);
        start.RegisterOperationAction(c => OnMethodReference((IMethodReferenceOperation)c.Operation, GetContext(c.Operation, c.ContainingSymbol)), OperationKind.MethodReference);
        start.RegisterSymbolEndAction(report);
    }

    /// <summary>
    /// True for code that runs once, not per prediction: constructors, initializers, <c>Main</c> and top-level
    /// statements. Such a context is never put on the path by its own <c>Predict</c> call.
    /// </summary>
    public static bool RunsOnce(object context) => context switch
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
    public void MarkIfOnePredictionPerCall(IInvocationOperation invocation, object context)
    {
        if (!RunsOnce(context) && IsOnePredictionPerCall(invocation))
        {
            AddReason(context, context is ISymbol symbol ? $"in '{symbol.Name}', which predicts once per call" : "in a minimal-API handler");
        }
    }

    /// <summary>Records the calls between methods of the type and the minimal-API handlers an invocation maps.</summary>
    public void OnInvocation(IInvocationOperation invocation, object context)
    {
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
                        AddReason(handler.Syntax, "in a minimal-API handler");
                        break;
                    case IDelegateCreationOperation { Target: IMethodReferenceOperation { Method: var handlerMethod } } when IsSameType(handlerMethod):
                        AddReason(handlerMethod.OriginalDefinition, $"in minimal-API handler '{handlerMethod.Name}'");
                        break;
                }
            }
        }
    }

    /// <summary>Records a method group of the type (<c>Select(Score)</c>) as a call from <paramref name="context"/>.</summary>
    public void OnMethodReference(IMethodReferenceOperation reference, object context)
    {
        if (IsSameType(reference.Method))
        {
            lock (_gate)
            {
                _calls.Add((context, reference.Method.OriginalDefinition));
            }
        }
    }

    /// <summary>Marks <paramref name="context"/> as serving code, for <paramref name="reason"/> (the first reason given wins).</summary>
    public void AddReason(object context, string reason)
    {
        lock (_gate)
        {
            if (!_reasons.ContainsKey(context))
            {
                _reasons[context] = reason;
            }
        }
    }

    /// <summary>The innermost minimal-API handler lambda around the operation, else the containing member.</summary>
    public object GetContext(IOperation operation, ISymbol containingSymbol)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation lambda && IsHandlerLambda(lambda))
            {
                return lambda.Syntax;
            }
        }

        return containingSymbol is IMethodSymbol method ? method.OriginalDefinition : containingSymbol;
    }

    /// <summary>
    /// Every serving context and why: the marked ones, controller actions among the callers and
    /// <paramref name="candidates"/>, and the methods of the type they call, transitively. Call once, at the symbol's end.
    /// </summary>
    public Dictionary<object, string> Resolve(IEnumerable<object> candidates)
    {
        var reasons = new Dictionary<object, string>(_reasons, SymbolOrReferenceComparer.Instance);
        var contexts = new List<object>(candidates);
        foreach (var (caller, _) in _calls)
        {
            contexts.Add(caller);
        }

        foreach (var candidate in contexts)
        {
            if (candidate is ISymbol symbol && !reasons.ContainsKey(symbol) && IsControllerAction(symbol))
            {
                reasons[symbol] = $"in controller action '{symbol.Name}'";
            }
        }

        var queue = new Queue<object>(reasons.Keys);
        while (queue.Count > 0)
        {
            var caller = queue.Dequeue();
            foreach (var (from, callee) in _calls)
            {
                if (SymbolOrReferenceComparer.Instance.Equals(from, caller) && !reasons.ContainsKey(callee))
                {
                    var callerName = caller is ISymbol callerSymbol ? $"'{callerSymbol.Name}'" : "a minimal-API handler";
                    reasons[callee] = $"in '{callee.Name}', called from {callerName}";
                    queue.Enqueue(callee);
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

    /// <summary>True when <paramref name="model"/> is <c>estimator.Fit(...)</c>, directly or through a local assigned once.</summary>
    public static bool IsFittedHere(IOperation model, MlNetSymbols symbols)
    {
        var value = model.WalkDownConversion();
        if (value is ILocalReferenceOperation modelLocal)
        {
            value = DataFlow.GetSingleAssignedValue(value.GetRoot(), modelLocal.Local)?.WalkDownConversion() ?? value;
        }

        return value is IInvocationOperation fit && symbols.IsEstimatorFit(fit.TargetMethod);
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
