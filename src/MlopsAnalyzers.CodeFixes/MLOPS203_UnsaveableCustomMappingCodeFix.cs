using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using MlopsAnalyzers.Skew;

namespace MlopsAnalyzers.CodeFixes;

/// <summary>
/// MLOPS203: moves the mapping lambda into a generated <c>CustomMappingFactory&lt;TSrc, TDst&gt;</c> class carrying
/// <c>[CustomMappingFactoryAttribute("name")]</c>, placed after the type that uses it, and passes
/// <c>Factory.Map</c> and the contract name to <c>CustomMapping</c>. An existing contract name is kept; a missing one
/// becomes the factory's class name (<c>&lt;TSrc&gt;To&lt;TDst&gt;Mapping</c>). Offered for a lambda that captures
/// nothing (no locals, parameters or <c>this</c>) and uses no private or protected member, so that it compiles in the new class.
/// Fix All works per document and keeps the generated names distinct.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnsaveableCustomMappingCodeFix)), Shared]
public sealed class UnsaveableCustomMappingCodeFix : MlopsCodeFix
{
    public const string EquivalenceKey = "MLOPS203.GenerateFactory";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.UnsaveableCustomMapping);

    public override FixAllProvider GetFixAllProvider()
        => FixAllProvider.Create(async (context, document, diagnostics) => await FixDocumentAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

    private protected override void RegisterFixes(CodeFixContext context, FixTarget target)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            var plans = Plan(target.SemanticModel, target.Root, new[] { diagnostic }, context.CancellationToken);
            if (plans.Count == 1)
            {
                var plan = plans[0];
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Move the mapping into factory '{plan.ClassName}' with contract name '{plan.ContractName}'",
                        async ct => (await FixDocumentAsync(context.Document, ImmutableArray.Create(diagnostic), ct).ConfigureAwait(false))!,
                        EquivalenceKey),
                    diagnostic);
            }
        }
    }

    private sealed class Fix
    {
        public Fix(InvocationExpressionSyntax call, SyntaxNode container, string className, string contractName, InvocationExpressionSyntax newCall, ClassDeclarationSyntax factory)
        {
            Call = call;
            Container = container;
            ClassName = className;
            ContractName = contractName;
            NewCall = newCall;
            Factory = factory;
        }

        public InvocationExpressionSyntax Call { get; }

        /// <summary>The namespace declaration or compilation unit whose members the factory joins.</summary>
        public SyntaxNode Container { get; }

        public string ClassName { get; }

        public string ContractName { get; }

        public InvocationExpressionSyntax NewCall { get; }

        public ClassDeclarationSyntax Factory { get; }
    }

    private static async Task<Document?> FixDocumentAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (semanticModel is null || root is null)
        {
            return document;
        }

        var plans = Plan(semanticModel, root, diagnostics, cancellationToken);
        if (plans.Count == 0)
        {
            return document;
        }

        var tracked = root.TrackNodes(plans.Select(p => (SyntaxNode)p.Call).Concat(plans.Select(p => p.Container)));
        foreach (var plan in plans)
        {
            var current = tracked.GetCurrentNode(plan.Call)!;
            tracked = tracked.ReplaceNode(current, plan.NewCall.WithTriviaFrom(current));
        }

        // Factories go at the end of the namespace (or file) that holds the type using them, in source order, so
        // that fixing one at a time and Fix All give the same file.
        foreach (var group in plans.GroupBy(p => p.Container))
        {
            var factories = group.Select(p => (MemberDeclarationSyntax)p.Factory).ToArray();
            var original = tracked.GetCurrentNode(group.Key)!;
            var container = EndLastMembersLine(original, Layout.EndOfLine(root));
            SyntaxNode updated = container switch
            {
                BaseNamespaceDeclarationSyntax ns => ns.AddMembers(factories),
                CompilationUnitSyntax unit => unit.AddMembers(factories),
                _ => container,
            };
            tracked = original == tracked ? updated : tracked.ReplaceNode(original, updated);
        }

        return document.WithSyntaxRoot(tracked);
    }

    private static List<Fix> Plan(SemanticModel semanticModel, SyntaxNode root, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var plans = new List<Fix>();
        var catalog = semanticModel.Compilation.GetTypeByMetadataName("Microsoft.ML.CustomMappingCatalog");
        if (catalog is null)
        {
            return plans;
        }

        var usedNames = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)?.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } call
                || call.ContainsDiagnostics
                || semanticModel.GetOperation(call, cancellationToken) is not IInvocationOperation invocation
                || !UnsaveableCustomMappingRule.GetContractName(invocation, catalog, out var existingName)
                || invocation.TargetMethod.TypeArguments.Length != 2
                || invocation.GetArgument("mapAction") is not { Syntax: ArgumentSyntax mapArgument } mapOperation
                || mapOperation.Value.WalkDownConversion() is not IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda }
                || lambda.Syntax is not AnonymousFunctionExpressionSyntax lambdaSyntax
                || lambdaSyntax.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword)
                || lambda.Symbol.Parameters.Length != 2
                || !CanMove(lambda)
                || invocation.GetArgument("contractName") is not { Syntax: ArgumentSyntax contractArgument })
            {
                continue;
            }

            var anchor = call.Ancestors().FirstOrDefault(a => a is MemberDeclarationSyntax && a.Parent is BaseNamespaceDeclarationSyntax or CompilationUnitSyntax);
            if (anchor?.Parent is not { } container)
            {
                continue;
            }

            var position = anchor.SpanStart;
            var names = new TypeNames(semanticModel, position);
            var source = invocation.TargetMethod.TypeArguments[0];
            var destination = invocation.TargetMethod.TypeArguments[1];
            var className = UniqueName(names, usedNames, $"{source.Name}To{destination.Name}Mapping");
            var contractName = string.IsNullOrWhiteSpace(existingName) ? className : existingName!;

            var sourceType = source.ToMinimalDisplayString(semanticModel, position);
            var destinationType = destination.ToMinimalDisplayString(semanticModel, position);
            var isPublic = source.DeclaredAccessibility == Accessibility.Public && destination.DeclaredAccessibility == Accessibility.Public;
            var factory = BuildFactory(Layout.EndOfLine(root), names, lambdaSyntax, lambda.Symbol, className, contractName, sourceType, destinationType, isPublic);

            var newCall = call.ReplaceNodes(
                new SyntaxNode[] { mapArgument.Expression, contractArgument.Expression },
                (original, _) => original == mapArgument.Expression
                    ? SyntaxFactory.ParseExpression(className + ".Map").WithTriviaFrom(original)
                    : SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(contractName)).WithTriviaFrom(original));
            newCall = WithExplicitTypeArguments(newCall, sourceType, destinationType);
            plans.Add(new Fix(call, container, className, contractName, newCall, factory));
        }

        return plans;
    }

    /// <summary>Method-group arguments do not let C# infer TSrc and TDst: write them when the call relied on inference.</summary>
    private static InvocationExpressionSyntax WithExplicitTypeArguments(InvocationExpressionSyntax call, string sourceType, string destinationType)
    {
        if (call.Expression is not MemberAccessExpressionSyntax { Name: IdentifierNameSyntax name } member)
        {
            return call;
        }

        var generic = SyntaxFactory.GenericName(name.Identifier, SyntaxFactory.TypeArgumentList(SyntaxFactory.SeparatedList(new[]
        {
            SyntaxFactory.ParseTypeName(sourceType),
            SyntaxFactory.ParseTypeName(destinationType),
        })));
        return call.WithExpression(member.WithName(generic));
    }

    private static string UniqueName(TypeNames names, HashSet<string> usedNames, string baseName)
    {
        var candidate = baseName;
        for (var i = 2; names.IsTaken(candidate) || usedNames.Contains(candidate); i++)
        {
            candidate = baseName + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        usedNames.Add(candidate);
        return candidate;
    }

    /// <summary>True when the lambda uses nothing but its own parameters and locals and accessible members.</summary>
    private static bool CanMove(IAnonymousFunctionOperation lambda)
    {
        foreach (var operation in lambda.Body.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IInstanceReferenceOperation:
                    return false;
                case IParameterReferenceOperation parameter when !SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol, lambda.Symbol):
                    return false;
                case ILocalReferenceOperation local when !IsDeclaredInside(local.Local, lambda):
                    return false;
            }

            var member = operation switch
            {
                IMemberReferenceOperation reference => reference.Member,
                IInvocationOperation invocation => invocation.TargetMethod,
                IObjectCreationOperation { Constructor: { } constructor } => constructor,
                _ => null,
            };

            if (member is not null && !IsReachableFromOtherTypes(member))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsDeclaredInside(ILocalSymbol local, IAnonymousFunctionOperation lambda)
    {
        var declaration = local.DeclaringSyntaxReferences.FirstOrDefault();
        return declaration is not null && lambda.Syntax.Span.Contains(declaration.Span);
    }

    private static bool IsReachableFromOtherTypes(ISymbol symbol)
    {
        for (var current = symbol; current is not null && current is not INamespaceSymbol; current = current.ContainingSymbol)
        {
            if (current.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A file's last member often has no line break after it: add one, so the factory starts on a new line.</summary>
    private static SyntaxNode EndLastMembersLine(SyntaxNode container, string eol)
    {
        var members = container switch
        {
            BaseNamespaceDeclarationSyntax ns => ns.Members,
            CompilationUnitSyntax unit => unit.Members,
            _ => default,
        };
        if (members.Count == 0 || members.Last().GetTrailingTrivia().Any(SyntaxKind.EndOfLineTrivia))
        {
            return container;
        }

        var last = members.Last();
        return container.ReplaceNode(last, last.WithTrailingTrivia(last.GetTrailingTrivia().Add(SyntaxFactory.EndOfLine(eol))));
    }

    private static ClassDeclarationSyntax BuildFactory(
        string eol,
        TypeNames names,
        AnonymousFunctionExpressionSyntax lambda,
        IMethodSymbol lambdaSymbol,
        string className,
        string contractName,
        string sourceType,
        string destinationType,
        bool isPublic)
    {
        var input = lambdaSymbol.Parameters[0].Name;
        var output = lambdaSymbol.Parameters[1].Name;
        var body = lambda.Body switch
        {
            BlockSyntax block => eol + block.WithoutTrivia().ToFullString(),
            ExpressionSyntax expression => " => " + expression.WithoutTrivia().ToFullString() + ";",
            _ => " { }",
        };

        var attribute = names.Get("Microsoft.ML.Transforms", "CustomMappingFactoryAttributeAttribute");
        attribute = attribute.Substring(0, attribute.Length - "Attribute".Length);
        var factoryBase = names.Get("Microsoft.ML.Transforms", "CustomMappingFactory");
        var action = names.Get("System", "Action");
        var accessibility = isPublic ? "public" : "internal";
        var text = $$"""
            /// <summary>Makes the custom mapping '{{contractName}}' loadable: ML.NET finds this factory by its contract name when it loads a saved model.</summary>
            [{{attribute}}({{SyntaxFactory.Literal(contractName)}})]
            {{accessibility}} sealed class {{className}} : {{factoryBase}}<{{sourceType}}, {{destinationType}}>
            {
                public static void Map({{sourceType}} {{input}}, {{destinationType}} {{output}}){{body}}

                public override {{action}}<{{sourceType}}, {{destinationType}}> GetMapping() => Map;
            }
            """;
        var member = (ClassDeclarationSyntax)SyntaxFactory.ParseMemberDeclaration(text.Replace("\r\n", "\n").Replace("\n", eol))!;
        return member
            .WithLeadingTrivia(SyntaxFactory.ParseLeadingTrivia(eol).AddRange(member.GetLeadingTrivia()))
            .WithTrailingTrivia(SyntaxFactory.ElasticEndOfLine(eol))
            .WithAdditionalAnnotations(Microsoft.CodeAnalysis.Formatting.Formatter.Annotation);
    }
}
