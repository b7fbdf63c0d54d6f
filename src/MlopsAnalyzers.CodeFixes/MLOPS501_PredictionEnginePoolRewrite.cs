using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace MlopsAnalyzers.CodeFixes;

/// <summary>
/// MLOPS501's second fix, where Microsoft.Extensions.ML is referenced: a singleton registration of
/// <c>ctx.Model.CreatePredictionEngine&lt;A, B&gt;(ctx.Model.Load(path, out _))</c> (the engine and the model directly, in a
/// factory lambda, or through locals assigned once) with a constant path becomes
/// <c>services.AddPredictionEnginePool&lt;A, B&gt;().FromFile(path)</c>, and every constructor parameter, field and
/// auto-property of type <c>PredictionEngine&lt;A, B&gt;</c> in the solution becomes a <c>PredictionEnginePool&lt;A, B&gt;</c>.
/// Offered only when each of those is used just to call <c>Predict(x)</c>, assigned from another of them
/// (<c>_engine = engine</c>, <c>?? throw</c> allowed) or named in <c>nameof</c>, and no constructor of theirs is called
/// from code: the container builds them. The locals that built the engine stay; they can be deleted by hand.
/// </summary>
internal static class PredictionEnginePoolRewrite
{
    public const string EquivalenceKey = "MLOPS501.UsePredictionEnginePool";
    public const string Title = "Register a PredictionEnginePool instead (Microsoft.Extensions.ML)";

    private const string PoolNamespace = "Microsoft.Extensions.ML";

    /// <summary>The edits of one fix, by document: node span and kind to the rewrite of that node.</summary>
    internal sealed class Plan
    {
        public Dictionary<DocumentId, Dictionary<(TextSpan Span, SyntaxKind Kind), Func<SyntaxNode, SyntaxNode>>> Edits { get; } = new();

        public void Add(DocumentId document, SyntaxNode node, Func<SyntaxNode, SyntaxNode> rewrite)
        {
            if (!Edits.TryGetValue(document, out var edits))
            {
                Edits[document] = edits = new();
            }

            edits[(node.Span, node.Kind())] = rewrite;
        }

        public void Merge(Plan other)
        {
            foreach (var document in other.Edits)
            {
                foreach (var edit in document.Value)
                {
                    if (!Edits.TryGetValue(document.Key, out var edits))
                    {
                        Edits[document.Key] = edits = new();
                    }

                    edits[edit.Key] = edit.Value;
                }
            }
        }
    }

    public static async Task<Solution> ApplyAsync(Solution solution, Plan plan, CancellationToken cancellationToken)
    {
        foreach (var pair in plan.Edits)
        {
            var document = solution.GetDocument(pair.Key);
            if (document is null || await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root)
            {
                continue;
            }

            var edits = pair.Value;
            var nodes = root.DescendantNodes().Where(n => edits.ContainsKey((n.Span, n.Kind()))).ToList();
            var newRoot = root.ReplaceNodes(nodes, (original, rewritten) => edits[(original.Span, original.Kind())](rewritten));
            if (newRoot is CompilationUnitSyntax unit)
            {
                newRoot = RegistryRewriteCodeFix.AddUsing(unit, PoolNamespace);
            }

            solution = solution.WithDocumentSyntaxRoot(pair.Key, newRoot);
        }

        return solution;
    }

    /// <summary>The edits for the registration reported at <paramref name="span"/>, or null when the rewrite is not certain to compile.</summary>
    public static async Task<Plan?> PlanAsync(Document document, TextSpan span, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null || MlNetSymbols.Get(model.Compilation) is not { } symbols)
        {
            return null;
        }

        var compilation = model.Compilation;
        var engineDefinition = compilation.GetTypeByMetadataName("Microsoft.ML.PredictionEngine`2");
        if (engineDefinition is null
            || compilation.GetTypeByMetadataName(PoolNamespace + ".PredictionEnginePool`2") is null
            || compilation.GetTypeByMetadataName(PoolNamespace + ".ServiceCollectionExtensions") is not { } poolServices
            || !poolServices.GetMembers("AddPredictionEnginePool").OfType<IMethodSymbol>().Any(m => m.IsExtensionMethod && m.Parameters.Length == 1 && m.TypeParameters.Length == 2)
            || compilation.GetTypeByMetadataName(PoolNamespace + ".BuilderExtensions") is not { } builder
            || !builder.GetMembers("FromFile").OfType<IMethodSymbol>().Any(m => m.IsExtensionMethod && m.Parameters.Length == 2 && m.Parameters[1].Type.SpecialType == SpecialType.System_String))
        {
            return null;
        }

        // services.AddSingleton(...); as a statement of its own.
        if (root.FindNode(span, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>() is not
                { Parent: ExpressionStatementSyntax statement, Expression: MemberAccessExpressionSyntax access } registration
            || registration.ContainsDiagnostics
            || model.GetOperation(registration, cancellationToken) is not IInvocationOperation { TargetMethod: { Name: "AddSingleton", TypeArguments.Length: 1 } method } invocation
            || !SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.ThreadSharing.ServiceCollectionServiceExtensions)
            || invocation.Arguments.Length != 2
            || method.TypeArguments[0] is not INamedTypeSymbol engineType
            || !SymbolEqualityComparer.Default.Equals(engineType.OriginalDefinition, engineDefinition))
        {
            return null;
        }

        // The engine: directly, returned by a factory lambda, or a local assigned once.
        var engine = invocation.Arguments[1].Value.WalkDownConversion();
        if (engine is IDelegateCreationOperation { Target: IAnonymousFunctionOperation factory })
        {
            if (factory.Body.Operations.Length != 1 || factory.Body.Operations[0] is not IReturnOperation { ReturnedValue: { } returned })
            {
                return null;
            }

            engine = returned.WalkDownConversion();
        }

        engine = ResolveLocal(engine, model, cancellationToken);
        if (engine is not IInvocationOperation { TargetMethod.Name: "CreatePredictionEngine" } create
            || !SymbolEqualityComparer.Default.Equals(create.TargetMethod.ContainingType, symbols.ModelOperationsCatalog)
            || !SymbolEqualityComparer.Default.Equals(create.Type, engineType)
            || create.Arguments.Length == 0
            || create.Arguments.Any(a => a.Parameter is not { Ordinal: 0 } && a.ArgumentKind != ArgumentKind.DefaultValue)
            || create.Arguments.FirstOrDefault(a => a.Parameter is { Ordinal: 0 }) is not { } modelArgument
            || create.TargetMethod.Parameters[0].Type.Name != "ITransformer")
        {
            return null;
        }

        // The model: ctx.Model.Load(path, out _) with a constant path.
        if (ResolveLocal(modelArgument.Value.WalkDownConversion(), model, cancellationToken) is not IInvocationOperation { TargetMethod.Name: "Load" } load
            || !SymbolEqualityComparer.Default.Equals(load.TargetMethod.ContainingType, symbols.ModelOperationsCatalog)
            || load.TargetMethod.Parameters.Length != 2
            || load.TargetMethod.Parameters[0].Type.SpecialType != SpecialType.System_String
            || load.Arguments.FirstOrDefault(a => a.Parameter is { Ordinal: 0 }) is not { } pathArgument
            || pathArgument.Value.ConstantValue is not { HasValue: true, Value: string pathValue })
        {
            return null;
        }

        var typeArguments = string.Join(", ", engineType.TypeArguments.Select(t => t.ToMinimalDisplayString(model, statement.SpanStart)));
        var replacement = Registration(access, typeArguments, pathArgument.Value, pathValue, model, statement, cancellationToken);

        var plan = new Plan();
        plan.Add(document.Id, registration, rewritten => replacement.WithTriviaFrom(rewritten));
        return await AddConsumersAsync(plan, document.Project.Solution, engineType, cancellationToken).ConfigureAwait(false) ? plan : null;
    }

    /// <summary>A local with one declarator, an initializer and no other write: its initializer. Anything else as is.</summary>
    private static IOperation ResolveLocal(IOperation value, SemanticModel model, CancellationToken cancellationToken)
    {
        if (value is not ILocalReferenceOperation { Local: var local }
            || local.DeclaringSyntaxReferences.Length != 1
            || local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } initializer } declarator
            || declarator.SyntaxTree != model.SyntaxTree
            || declarator.FirstAncestorOrSelf<MemberDeclarationSyntax>() is not { } member)
        {
            return value;
        }

        foreach (var identifier in member.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (identifier.Identifier.ValueText == local.Name
                && model.GetOperation(identifier, cancellationToken) is ILocalReferenceOperation reference
                && SymbolEqualityComparer.Default.Equals(reference.Local, local)
                && IsWritten(reference))
            {
                return value;
            }
        }

        return model.GetOperation(initializer, cancellationToken)?.WalkDownConversion() ?? value;
    }

    private static bool IsWritten(IOperation reference)
        => reference.Parent switch
        {
            IAssignmentOperation assignment => assignment.Target == reference,
            IArgumentOperation argument => argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out,
            IIncrementOrDecrementOperation or IDeconstructionAssignmentOperation => true,
            _ => reference.Parent is ITupleOperation,
        };

    /// <summary>
    /// The registration statement with the path as written when every name in it binds to the same symbol at the
    /// registration (a literal, a constant, a sum of constants), else with a literal of its value.
    /// </summary>
    private static ExpressionSyntax Registration(MemberAccessExpressionSyntax access, string typeArguments, IOperation path, string value, SemanticModel model, ExpressionStatementSyntax statement, CancellationToken cancellationToken)
    {
        ExpressionSyntax Build(string pathText)
            => SyntaxFactory.ParseExpression($"{access.Expression.WithoutTrivia().ToFullString()}.AddPredictionEnginePool<{typeArguments}>().FromFile({pathText})");

        var written = (ExpressionSyntax)path.Syntax;
        var candidate = Build(written.WithoutTrivia().ToFullString());
        var names = written.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().ToList();
        if (names.Count == 0)
        {
            return candidate;
        }

        if (model.TryGetSpeculativeSemanticModel(statement.SpanStart, SyntaxFactory.ExpressionStatement(candidate), out var speculative)
            && speculative.SyntaxTree.GetRoot(cancellationToken).DescendantNodes().OfType<InvocationExpressionSyntax>()
                .FirstOrDefault(i => i.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "FromFile" }) is { ArgumentList.Arguments: { Count: 1 } arguments })
        {
            var rebound = arguments[0].Expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().ToList();
            if (rebound.Count == names.Count
                && names.Zip(rebound, (a, b) => model.GetSymbolInfo(a, cancellationToken).Symbol is { } symbol
                                                && SymbolEqualityComparer.Default.Equals(symbol, speculative.GetSymbolInfo(b, cancellationToken).Symbol)).All(same => same))
            {
                return candidate;
            }
        }

        return Build(SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(value)).ToFullString());
    }

    // ---------------------------------------------------------------- consumers

    /// <summary>
    /// Adds to <paramref name="plan"/> the type of every constructor parameter, field and auto-property of type
    /// <paramref name="engineType"/> in the solution; false when one of them is used in a way a pool does not support.
    /// </summary>
    private static async Task<bool> AddConsumersAsync(Plan plan, Solution solution, INamedTypeSymbol engineType, CancellationToken cancellationToken)
    {
        var members = new Dictionary<ISymbol, (DocumentId Document, TypeSyntax Type)>(SymbolEqualityComparer.Default);
        foreach (var project in solution.Projects)
        {
            foreach (var document in project.Documents)
            {
                var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
                if (text.ToString().IndexOf("PredictionEngine", StringComparison.Ordinal) < 0)
                {
                    continue;
                }

                var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                if (root is null || model is null)
                {
                    return false;
                }

                // A consumer in a project that does not reference Microsoft.Extensions.ML could not name the pool.
                var canNamePool = model.Compilation.GetTypeByMetadataName(PoolNamespace + ".PredictionEnginePool`2") is not null;
                var before = members.Count;
                foreach (var node in root.DescendantNodes())
                {
                    switch (node)
                    {
                        case ParameterSyntax { Type: { } type } parameter when IsEngine(model, type, engineType, cancellationToken):
                            if (parameter.Parent?.Parent is TypeDeclarationSyntax)
                            {
                                return false; // a primary constructor: its parameter is captured where we cannot see
                            }

                            if (parameter.Parent?.Parent is ConstructorDeclarationSyntax && model.GetDeclaredSymbol(parameter, cancellationToken) is { } symbol)
                            {
                                members[symbol] = (document.Id, type);
                            }

                            break;

                        case FieldDeclarationSyntax field when IsEngine(model, field.Declaration.Type, engineType, cancellationToken):
                            foreach (var variable in field.Declaration.Variables)
                            {
                                if (variable.Initializer is not null || model.GetDeclaredSymbol(variable, cancellationToken) is not { } fieldSymbol)
                                {
                                    return false;
                                }

                                members[fieldSymbol] = (document.Id, field.Declaration.Type);
                            }

                            break;

                        case PropertyDeclarationSyntax property when IsEngine(model, property.Type, engineType, cancellationToken)
                                                                     && property.AccessorList is { } accessors
                                                                     && accessors.Accessors.All(a => a.Body is null && a.ExpressionBody is null):
                            if (property.Initializer is not null
                                || model.GetDeclaredSymbol(property, cancellationToken) is not { IsAbstract: false, IsVirtual: false, IsOverride: false } propertySymbol
                                || propertySymbol.ExplicitInterfaceImplementations.Length > 0
                                || propertySymbol.ContainingType.AllInterfaces.SelectMany(i => i.GetMembers()).Any(m => SymbolEqualityComparer.Default.Equals(propertySymbol.ContainingType.FindImplementationForInterfaceMember(m), propertySymbol)))
                            {
                                return false;
                            }

                            members[propertySymbol] = (document.Id, property.Type);
                            break;
                    }
                }

                if (!canNamePool && members.Count > before)
                {
                    return false;
                }
            }
        }

        foreach (var member in members)
        {
            if (PoolType(member.Value.Type) is null)
            {
                return false;
            }

            if (member.Key is IParameterSymbol { ContainingSymbol: IMethodSymbol constructor }
                && (await SymbolFinder.FindReferencesAsync(constructor, solution, cancellationToken).ConfigureAwait(false)).SelectMany(r => r.Locations).Any())
            {
                return false; // called from code, not only by the container
            }

            foreach (var location in (await SymbolFinder.FindReferencesAsync(member.Key, solution, cancellationToken).ConfigureAwait(false)).SelectMany(r => r.Locations))
            {
                if (location.IsImplicit
                    || solution.GetDocument(location.Document.Id) is not { } referencing
                    || await referencing.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root
                    || await referencing.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } model
                    || root.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true) is not IdentifierNameSyntax identifier
                    || !IsSupportedUse(identifier, model, members, cancellationToken))
                {
                    return false;
                }
            }

            plan.Add(member.Value.Document, member.Value.Type, rewritten => PoolType((TypeSyntax)rewritten) ?? rewritten);
        }

        return true;
    }

    /// <summary>
    /// True when <paramref name="type"/> names <paramref name="engineType"/>, which may come from another project's
    /// compilation: the same generic definition with type arguments of the same name from the same assembly.
    /// </summary>
    private static bool IsEngine(SemanticModel model, TypeSyntax type, INamedTypeSymbol engineType, CancellationToken cancellationToken)
        => model.GetTypeInfo(type, cancellationToken).Type is INamedTypeSymbol { IsGenericType: true } named
           && named.OriginalDefinition.ToDisplayString() == engineType.OriginalDefinition.ToDisplayString()
           && named.OriginalDefinition.ContainingAssembly?.Name == engineType.OriginalDefinition.ContainingAssembly?.Name
           && named.TypeArguments.Length == engineType.TypeArguments.Length
           && named.TypeArguments.Zip(engineType.TypeArguments, (a, b) =>
                   a.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) == b.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)
                   && a.ContainingAssembly?.Name == b.ContainingAssembly?.Name)
               .All(same => same);

    /// <summary><c>PredictionEngine&lt;A, B&gt;</c> (qualified or not, nullable or not) as <c>PredictionEnginePool&lt;A, B&gt;</c>; null for an alias.</summary>
    private static TypeSyntax? PoolType(TypeSyntax type)
        => type switch
        {
            GenericNameSyntax generic => generic.WithIdentifier(SyntaxFactory.Identifier("PredictionEnginePool").WithTriviaFrom(generic.Identifier)),
            QualifiedNameSyntax { Right: GenericNameSyntax generic } qualified => ((TypeSyntax)PoolType(generic)!).WithTriviaFrom(qualified),
            NullableTypeSyntax nullable when PoolType(nullable.ElementType) is { } element => nullable.WithElementType(element),
            _ => null,
        };

    /// <summary><c>x.Predict(row)</c>, <c>a = b</c> or <c>a = b ?? throw ...</c> between members being rewritten, <c>nameof(x)</c>.</summary>
    private static bool IsSupportedUse(IdentifierNameSyntax identifier, SemanticModel model, Dictionary<ISymbol, (DocumentId, TypeSyntax)> members, CancellationToken cancellationToken)
    {
        ExpressionSyntax use = identifier.Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } self && self.Name == identifier ? self : identifier;
        switch (use.Parent)
        {
            case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Predict" } access when access.Expression == use:
                return access.Parent is InvocationExpressionSyntax { ArgumentList.Arguments: { Count: 1 } arguments } predict
                       && arguments[0] is { NameColon: null } argument
                       && argument.RefKindKeyword.IsKind(SyntaxKind.None)
                       && predict.Expression == access
                       && model.GetSymbolInfo(predict, cancellationToken).Symbol is IMethodSymbol { Parameters.Length: 1 };
            case AssignmentExpressionSyntax assignment when assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && IsStatement(assignment):
                var other = assignment.Left == use ? assignment.Right : assignment.Left;
                if (other is BinaryExpressionSyntax { Right: ThrowExpressionSyntax } coalesce && coalesce.IsKind(SyntaxKind.CoalesceExpression) && assignment.Right == other)
                {
                    other = coalesce.Left;
                }

                return IsMember(other, model, members, cancellationToken);
            case BinaryExpressionSyntax { Right: ThrowExpressionSyntax } orThrow when orThrow.IsKind(SyntaxKind.CoalesceExpression) && orThrow.Left == use:
                return orThrow.Parent is AssignmentExpressionSyntax target
                       && IsStatement(target)
                       && target.IsKind(SyntaxKind.SimpleAssignmentExpression)
                       && target.Right == orThrow
                       && IsMember(target.Left, model, members, cancellationToken);
            case ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } } nameOf }:
                return model.GetSymbolInfo(nameOf, cancellationToken).Symbol is null;
            default:
                return false;
        }
    }

    /// <summary>An assignment as a statement, or as the body of <c>Ctor(x) =&gt; _x = x;</c>.</summary>
    private static bool IsStatement(AssignmentExpressionSyntax assignment)
        => assignment.Parent is ExpressionStatementSyntax or ArrowExpressionClauseSyntax { Parent: ConstructorDeclarationSyntax };

    private static bool IsMember(ExpressionSyntax expression, SemanticModel model, Dictionary<ISymbol, (DocumentId, TypeSyntax)> members, CancellationToken cancellationToken)
        => expression is IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax }
           && model.GetSymbolInfo(expression, cancellationToken).Symbol is { } symbol
           && members.ContainsKey(symbol);
}
