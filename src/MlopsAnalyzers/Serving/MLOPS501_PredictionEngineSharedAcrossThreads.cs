using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.Serving;

/// <summary>
/// MLOPS501: a <c>PredictionEngine&lt;,&gt;</c> (any <c>PredictionEngineBase&lt;,&gt;</c>) that several threads use at once:
/// a static field or static auto-property (a <c>Lazy&lt;&gt;</c> of an engine too), an engine registered as a
/// dependency-injection singleton, a singleton or hosted service whose instance field holds an engine, and an engine from
/// outside captured by a <c>Parallel.For/ForEach/Invoke</c> body or a <c>Task.Run</c>/<c>StartNew</c> delegate that runs
/// concurrently. <c>[ThreadStatic]</c> fields, <c>ThreadLocal</c>, object pools, <c>PredictionEnginePool</c>, engines
/// created inside the delegate, and private members used only inside <c>lock</c> statements are not flagged.
/// </summary>
internal static class PredictionEngineSharedAcrossThreadsRule
{
    public static readonly DiagnosticDescriptor Descriptor = Descriptors.Create(
        RuleIdentifiers.PredictionEngineSharedAcrossThreads,
        RuleCategories.Serving,
        RuleLevel.BuildWarning,
        title: "PredictionEngine shared across threads",
        messageFormat: "{0}: PredictionEngine is not thread-safe, concurrent Predict calls corrupt its buffers or throw; use PredictionEnginePool or one engine per thread",
        description: "A PredictionEngine reuses its input and output buffers between calls, so two threads calling Predict on the same engine at once read each other's rows, return wrong predictions or throw. An engine in a static field or property, a static Lazy, a dependency-injection singleton, or captured by a Parallel or Task.Run delegate is used by several threads. Use Microsoft.Extensions.ML's PredictionEnginePool in services, or one engine per thread (ThreadLocal), or guard every use with a lock.");

    /// <summary>True when the compilation has the ML.NET types the rule needs.</summary>
    public static bool Applies(MlNetSymbols symbols) => symbols.ThreadSharing.PredictionEngineBase is not null;

    // ---------------------------------------------------------------- static fields and properties

    /// <summary>Checks a static field or property.</summary>
    public static void AnalyzeStaticMember(in SymbolAnalysisContext context, ThreadSharingSymbols sharing)
    {
        var member = context.Symbol;
        if (!member.IsStatic || !IsEngineHolder(member, sharing) || IsThreadStatic(member, sharing) || IsOnlyUsedUnderLock(member, context.CancellationToken))
        {
            return;
        }

        var what = member.Kind == SymbolKind.Field ? "field" : "property";
        var lazy = IsLazy(GetMemberType(member), sharing) ? " (a Lazy)" : "";
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptor,
            member.Locations[0],
            $"The static {what} '{member.Name}'{lazy} hands one engine to every thread"));
    }

    /// <summary>
    /// True for a field, or an auto-property, declared in source whose type is a thread-unsafe engine
    /// (<see cref="ThreadSharingSymbols.IsThreadUnsafeEngine"/>). Computed properties are left out: each read may build a
    /// new engine. Constants and compiler-generated backing fields are left out (the property is reported).
    /// </summary>
    internal static bool IsEngineHolder(ISymbol member, ThreadSharingSymbols sharing) => member switch
    {
        IFieldSymbol field => !field.IsImplicitlyDeclared && !field.IsConst && sharing.IsThreadUnsafeEngine(field.Type),
        IPropertySymbol property => !property.IsIndexer && sharing.IsThreadUnsafeEngine(property.Type) && IsAutoProperty(property),
        _ => false,
    };

    /// <summary>True for a property declared in source as <c>{ get; }</c>, <c>{ get; set; }</c>, ... (no accessor has a body).</summary>
    internal static bool IsAutoProperty(IPropertySymbol property)
    {
        if (property.DeclaringSyntaxReferences.Length != 1
            || property.DeclaringSyntaxReferences[0].GetSyntax() is not PropertyDeclarationSyntax { ExpressionBody: null, AccessorList: { } accessors })
        {
            return false;
        }

        return accessors.Accessors.All(a => a.Body is null && a.ExpressionBody is null);
    }

    private static ITypeSymbol? GetMemberType(ISymbol member) => member switch
    {
        IFieldSymbol field => field.Type,
        IPropertySymbol property => property.Type,
        _ => null,
    };

    private static bool IsLazy(ITypeSymbol? type, ThreadSharingSymbols sharing)
        => SymbolEqualityComparer.Default.Equals(type?.OriginalDefinition, sharing.Lazy);

    private static bool IsThreadStatic(ISymbol member, ThreadSharingSymbols sharing)
        => sharing.ThreadStaticAttribute is { } attribute
           && member.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute));

    /// <summary>
    /// True for a private member whose every read in its type (all partial declarations, nested types included) sits
    /// inside a <c>lock</c> statement of the same method or lambda: the lock serializes the engine. The member is found
    /// by its symbol; its reads by name within the type's syntax, so any same-named identifier outside a lock (even one
    /// naming something else) keeps the diagnostic. Writes (<c>x = ...</c>) do not count as uses.
    /// </summary>
    internal static bool IsOnlyUsedUnderLock(ISymbol member, System.Threading.CancellationToken cancellationToken)
    {
        if (member.DeclaredAccessibility != Accessibility.Private)
        {
            return false;
        }

        foreach (var reference in member.ContainingType.DeclaringSyntaxReferences)
        {
            foreach (var identifier in reference.GetSyntax(cancellationToken).DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (identifier.Identifier.ValueText != member.Name || IsAssignmentTarget(identifier))
                {
                    continue;
                }

                if (!IsInsideLock(identifier))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool IsAssignmentTarget(IdentifierNameSyntax identifier)
    {
        SyntaxNode target = identifier.Parent is MemberAccessExpressionSyntax member && member.Name == identifier ? member : identifier;
        return target.Parent is AssignmentExpressionSyntax assignment
               && assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
               && assignment.Left == target;
    }

    private static bool IsInsideLock(SyntaxNode node)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case LockStatementSyntax:
                    return true;
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }

    // ---------------------------------------------------------------- invocations: DI registrations, parallel delegates

    public static void AnalyzeInvocation(in OperationAnalysisContext context, ThreadSharingSymbols sharing)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        if (type is null)
        {
            return;
        }

        if ((method.Name == "AddSingleton" && SymbolEqualityComparer.Default.Equals(type, sharing.ServiceCollectionServiceExtensions))
            || (method.Name == "AddHostedService" && SymbolEqualityComparer.Default.Equals(type, sharing.ServiceCollectionHostedServiceExtensions)))
        {
            AnalyzeSingletonRegistration(context, invocation, sharing);
        }
        else if (GetConcurrentKind(method, sharing) is { } kind)
        {
            AnalyzeConcurrentDelegates(context, invocation, kind, sharing);
        }
    }

    private static void AnalyzeSingletonRegistration(OperationAnalysisContext context, IInvocationOperation invocation, ThreadSharingSymbols sharing)
    {
        var registered = new List<ITypeSymbol>();
        registered.AddRange(invocation.TargetMethod.TypeArguments);
        foreach (var argument in invocation.Arguments)
        {
            var value = argument.Value.WalkDownConversion();
            switch (value)
            {
                case ITypeOfOperation typeOf:
                    registered.Add(typeOf.TypeOperand);
                    break;
                case IDelegateCreationOperation { Target: IAnonymousFunctionOperation factory }:
                    registered.AddRange(factory.Body.Descendants().OfType<IReturnOperation>()
                        .Where(r => r.ReturnedValue is not null)
                        .Select(r => r.ReturnedValue!.WalkDownConversion().Type)
                        .OfType<ITypeSymbol>());
                    break;
                default:
                    if (argument.Parameter?.OriginalDefinition.Type is { SpecialType: SpecialType.System_Object } or ITypeParameterSymbol)
                    {
                        if (value.Type is { } instanceType)
                        {
                            registered.Add(instanceType);
                        }
                    }

                    break;
            }
        }

        foreach (var type in registered)
        {
            if (sharing.IsThreadUnsafeEngine(type))
            {
                Report(context, Locations.NameToEnd(invocation), "Registered as a singleton, the engine is shared by every request");
                return;
            }
        }

        foreach (var type in registered.OfType<INamedTypeSymbol>().Distinct<INamedTypeSymbol>(SymbolEqualityComparer.Default))
        {
            if (type.TypeKind == TypeKind.Class && GetSharedInstanceMember(type, sharing, context.CancellationToken) is { } member)
            {
                var what = member.Kind == SymbolKind.Field ? "field" : "property";
                Report(context, Locations.NameToEnd(invocation), $"'{type.Name}', registered as a singleton, keeps an engine in its {what} '{member.Name}' that every request shares");
                return;
            }
        }
    }

    /// <summary>An instance field or auto-property of <paramref name="type"/> or a base type that holds an engine, not only used under a lock.</summary>
    private static ISymbol? GetSharedInstanceMember(INamedTypeSymbol type, ThreadSharingSymbols sharing, System.Threading.CancellationToken cancellationToken)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (!member.IsStatic && IsEngineHolder(member, sharing) && !IsOnlyUsedUnderLock(member, cancellationToken))
                {
                    return member;
                }
            }
        }

        return null;
    }

    private enum ConcurrentKind
    {
        /// <summary><c>Parallel.For</c>, <c>ForEach</c>, <c>ForEachAsync</c>: the body runs on several threads at once.</summary>
        ParallelLoop,

        /// <summary><c>Parallel.Invoke</c>: each action runs once, concurrently with the others.</summary>
        ParallelInvoke,

        /// <summary><c>Task.Run</c>, <c>TaskFactory.StartNew</c>: the delegate runs on the thread pool, beside its caller.</summary>
        Task,
    }

    private static ConcurrentKind? GetConcurrentKind(IMethodSymbol method, ThreadSharingSymbols sharing)
    {
        var type = method.ContainingType.OriginalDefinition;
        if (SymbolEqualityComparer.Default.Equals(type, sharing.Parallel))
        {
            return method.Name == "Invoke" ? ConcurrentKind.ParallelInvoke : ConcurrentKind.ParallelLoop;
        }

        if ((method.Name == "Run" && SymbolEqualityComparer.Default.Equals(type, sharing.Task))
            || (method.Name == "StartNew" && (SymbolEqualityComparer.Default.Equals(type, sharing.TaskFactory) || SymbolEqualityComparer.Default.Equals(type, sharing.TaskFactoryOfT))))
        {
            return ConcurrentKind.Task;
        }

        return null;
    }

    private static void AnalyzeConcurrentDelegates(OperationAnalysisContext context, IInvocationOperation invocation, ConcurrentKind kind, ThreadSharingSymbols sharing)
    {
        var delegates = GetAnonymousFunctions(invocation).ToList();
        if (delegates.Count == 0)
        {
            return;
        }

        var repeaters = kind == ConcurrentKind.Task ? GetRepeatingAncestors(invocation) : ImmutableArray<SyntaxNode>.Empty;
        if (kind == ConcurrentKind.Task && repeaters.IsEmpty)
        {
            return;
        }

        // The first use of each captured engine, and in how many delegates it is used.
        var firstUse = new Dictionary<ISymbol, IOperation>(SymbolEqualityComparer.Default);
        var delegateCount = new Dictionary<ISymbol, int>(SymbolEqualityComparer.Default);
        foreach (var function in delegates)
        {
            foreach (var (symbol, use) in GetCapturedEngines(function, sharing))
            {
                if (!firstUse.ContainsKey(symbol))
                {
                    firstUse[symbol] = use;
                }

                delegateCount[symbol] = delegateCount.TryGetValue(symbol, out var count) ? count + 1 : 1;
            }
        }

        foreach (var pair in firstUse)
        {
            var symbol = pair.Key;
            string? why = kind switch
            {
                ConcurrentKind.ParallelLoop => $"'{symbol.Name}' is captured by the body of Parallel.{invocation.TargetMethod.Name}, which runs on several threads at once",
                ConcurrentKind.ParallelInvoke when delegateCount[symbol] > 1 => $"'{symbol.Name}' is used by {delegateCount[symbol]} actions of Parallel.Invoke, which run at the same time",
                ConcurrentKind.Task when repeaters.Any(r => !IsDeclaredWithin(symbol, r.Span)) => $"'{symbol.Name}' is captured by a {invocation.TargetMethod.Name} delegate started once per iteration or call, so several run at the same time",
                _ => null,
            };

            if (why is not null)
            {
                Report(context, pair.Value.Syntax.GetLocation(), why);
            }
        }
    }

    /// <summary>The lambdas and anonymous methods passed to the call, including those in a <c>params</c> array.</summary>
    private static IEnumerable<IAnonymousFunctionOperation> GetAnonymousFunctions(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            var value = argument.Value.WalkDownConversion();
            var values = value is IArrayCreationOperation { Initializer: { } initializer } ? initializer.ElementValues : ImmutableArray.Create(value);
            foreach (var element in values)
            {
                if (element.WalkDownConversion() is IDelegateCreationOperation { Target: IAnonymousFunctionOperation function })
                {
                    yield return function;
                }
            }
        }
    }

    /// <summary>
    /// The engines <paramref name="function"/> reads that live outside it: locals and parameters declared outside the
    /// delegate, instance fields and auto-properties (static ones are reported at their declaration). Reads inside a
    /// <c>lock</c> within the delegate do not count.
    /// </summary>
    private static IEnumerable<(ISymbol Symbol, IOperation Use)> GetCapturedEngines(IAnonymousFunctionOperation function, ThreadSharingSymbols sharing)
    {
        var span = function.Syntax.Span;
        foreach (var operation in function.Body.Descendants())
        {
            ISymbol? symbol = operation switch
            {
                ILocalReferenceOperation local when !IsDeclaredWithin(local.Local, span) => local.Local,
                IParameterReferenceOperation parameter when !IsDeclaredWithin(parameter.Parameter, span) => parameter.Parameter,
                IFieldReferenceOperation { Field.IsStatic: false } field when IsEngineHolder(field.Field, sharing) => field.Field,
                IPropertyReferenceOperation { Property.IsStatic: false } property when IsEngineHolder(property.Property, sharing) => property.Property,
                _ => null,
            };

            if (symbol is null
                || !sharing.IsThreadUnsafeEngine(operation.Type)
                || IsWritten(operation)
                || IsUnderLock(operation, function))
            {
                continue;
            }

            yield return (symbol, operation);
        }
    }

    private static bool IsDeclaredWithin(ISymbol symbol, Microsoft.CodeAnalysis.Text.TextSpan span)
        => symbol.DeclaringSyntaxReferences.Length > 0 && symbol.DeclaringSyntaxReferences.All(r => span.Contains(r.Span));

    private static bool IsWritten(IOperation reference)
        => reference.Parent is IAssignmentOperation assignment && assignment.Target == reference;

    private static bool IsUnderLock(IOperation operation, IAnonymousFunctionOperation function)
    {
        for (var current = operation.Parent; current is not null && current != function; current = current.Parent)
        {
            if (current is ILockOperation)
            {
                return true;
            }

            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>
    /// What makes a <c>Task.Run</c>/<c>StartNew</c> start several tasks that run at once: the loops and delegates (a
    /// <c>Select</c> over rows, a request handler) around it. Empty when the task is awaited (or waited for) where it
    /// is started: one task at a time then. An engine declared inside the repeating code is one engine per task.
    /// </summary>
    private static ImmutableArray<SyntaxNode> GetRepeatingAncestors(IInvocationOperation invocation)
    {
        var consumer = invocation.WalkUpConversion();
        if (consumer is IAwaitOperation
            || consumer is IInvocationOperation { TargetMethod.Name: "Wait" or "GetAwaiter" }
            || consumer is IPropertyReferenceOperation { Property.Name: "Result" })
        {
            return ImmutableArray<SyntaxNode>.Empty;
        }

        var repeaters = ImmutableArray.CreateBuilder<SyntaxNode>();
        for (var current = invocation.Parent; current is not null; current = current.Parent)
        {
            if (current is ILoopOperation or IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                repeaters.Add(current.Syntax);
            }
        }

        return repeaters.ToImmutable();
    }

    private static void Report(OperationAnalysisContext context, Location location, string why)
        => context.ReportDiagnostic(Diagnostic.Create(Descriptor, location, why));
}
