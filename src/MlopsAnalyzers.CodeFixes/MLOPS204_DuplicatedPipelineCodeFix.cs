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

namespace MlopsAnalyzers.CodeFixes;

/// <summary>
/// MLOPS204: extracts the duplicated chain into one <c>internal static</c> method of the type that holds the first copy
/// (in file and position order), <c>BuildPipeline(MLContext mlContext)</c>, returning the chain's own type, and replaces
/// every copy with a call to it, passing the copy's own context. One diagnostic fixes its whole group (all copies);
/// Fix All fixes each group once, so exactly one definition is left per duplicated chain.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DuplicatedPipelineCodeFix)), Shared]
public sealed class DuplicatedPipelineCodeFix : CodeFixProvider
{
    public const string EquivalenceKey = "MLOPS204.ExtractSharedPipeline";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.DuplicatedPipeline);

    public override FixAllProvider GetFixAllProvider() => new GroupFixAllProvider();

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var solution = context.Document.Project.Solution;
        foreach (var diagnostic in context.Diagnostics)
        {
            var plan = await PlanAsync(solution, new[] { diagnostic }, context.CancellationToken).ConfigureAwait(false);
            if (plan.Count == 1)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Extract the chain into '{plan[0].MethodName}' and call it from every copy",
                        ct => ApplyAsync(solution, new[] { diagnostic }, ct),
                        EquivalenceKey),
                    diagnostic);
            }
        }
    }

    /// <summary>Fix All: every group once, whatever the scope the diagnostics come from.</summary>
    private sealed class GroupFixAllProvider : FixAllProvider
    {
        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() => FixAllScopes.All;

        public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            var diagnostics = await FixAllScopes.DiagnosticsAsync(fixAllContext).ConfigureAwait(false);

            var solution = fixAllContext.Solution;
            return CodeAction.Create(
                "Extract every duplicated chain into one shared definition",
                ct => ApplyAsync(solution, diagnostics, ct),
                fixAllContext.CodeActionEquivalenceKey);
        }
    }

    /// <summary>One duplicated chain to extract.</summary>
    private sealed class Group
    {
        public Group(DocumentId hostDocument, TypeDeclarationSyntax hostType, int anchorIndex, string methodName, MethodDeclarationSyntax method, List<(DocumentId Document, ExpressionSyntax Copy, ExpressionSyntax Call)> copies, IReadOnlyList<string> usings)
        {
            Usings = usings;
            HostDocument = hostDocument;
            HostType = hostType;
            AnchorIndex = anchorIndex;
            MethodName = methodName;
            Method = method;
            Copies = copies;
        }

        public DocumentId HostDocument { get; }

        public TypeDeclarationSyntax HostType { get; }

        /// <summary>The index, among the host type's members, of the member the method goes after.</summary>
        public int AnchorIndex { get; }

        public string MethodName { get; }

        public MethodDeclarationSyntax Method { get; }

        public List<(DocumentId Document, ExpressionSyntax Copy, ExpressionSyntax Call)> Copies { get; }

        /// <summary>Namespaces the method's return type needs that the host document does not import yet.</summary>
        public IReadOnlyList<string> Usings { get; }
    }

    private static async Task<Solution> ApplyAsync(Solution solution, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var groups = await PlanAsync(solution, diagnostics, cancellationToken).ConfigureAwait(false);
        var documents = groups.SelectMany(g => g.Copies.Select(c => c.Document)).Concat(groups.Select(g => g.HostDocument)).Distinct();
        foreach (var documentId in documents)
        {
            var document = solution.GetDocument(documentId)!;
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                continue;
            }

            var calls = groups.SelectMany(g => g.Copies).Where(c => c.Document == documentId).ToDictionary(c => (SyntaxNode)c.Copy, c => c.Call);
            var hosts = groups.Where(g => g.HostDocument == documentId).GroupBy(g => g.HostType).ToDictionary(g => (SyntaxNode)g.Key, g => g.ToList());
            var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            var unusedConstants = semanticModel is null ? new HashSet<SyntaxNode>() : ConstantsOnlyTheCopiesRead(semanticModel, calls.Keys.ToList(), cancellationToken);
            var removed = new SyntaxAnnotation();
            var newRoot = root.ReplaceNodes(calls.Keys.Concat(hosts.Keys).Concat(unusedConstants), (original, rewritten) =>
            {
                if (unusedConstants.Contains(original))
                {
                    return rewritten.WithAdditionalAnnotations(removed);
                }

                if (calls.TryGetValue(original, out var call))
                {
                    return call.WithTriviaFrom(original);
                }

                var type = (TypeDeclarationSyntax)rewritten;
                var members = type.Members;
                foreach (var group in hosts[original].OrderByDescending(g => g.AnchorIndex))
                {
                    members = members.Insert(group.AnchorIndex + 1, group.Method);
                }

                return type.WithMembers(members);
            });
            // A local constant only the copies read would be left unused (CS0219): it goes with them.
            newRoot = newRoot.RemoveNodes(newRoot.GetAnnotatedNodes(removed), SyntaxRemoveOptions.KeepNoTrivia)!;
            var usings = groups.Where(g => g.HostDocument == documentId).SelectMany(g => g.Usings).Distinct(System.StringComparer.Ordinal).ToList();
            if (usings.Count > 0 && newRoot is CompilationUnitSyntax unit)
            {
                newRoot = AddUsings(unit, usings, Layout.EndOfLine(root));
            }

            solution = solution.WithDocumentSyntaxRoot(documentId, newRoot);
        }

        return solution;
    }

    /// <summary>The declarations of local constants (one per statement) that the copies read and nothing else in their block does.</summary>
    private static HashSet<SyntaxNode> ConstantsOnlyTheCopiesRead(SemanticModel semanticModel, List<SyntaxNode> copies, CancellationToken cancellationToken)
    {
        var result = new HashSet<SyntaxNode>();
        foreach (var copy in copies)
        {
            foreach (var name in copy.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
            {
                if (semanticModel.GetSymbolInfo(name, cancellationToken).Symbol is not ILocalSymbol { IsConst: true } constant
                    || constant.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is not VariableDeclaratorSyntax declarator
                    || declarator.SyntaxTree != copy.SyntaxTree
                    || declarator.Parent is not VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax { Parent: BlockSyntax block } statement })
                {
                    continue;
                }

                var readElsewhere = block.DescendantNodes().OfType<IdentifierNameSyntax>().Any(other =>
                    other.Identifier.ValueText == constant.Name
                    && !copies.Any(c => c.Span.Contains(other.Span))
                    && SymbolEqualityComparer.Default.Equals(semanticModel.GetSymbolInfo(other, cancellationToken).Symbol, constant));
                if (!readElsewhere)
                {
                    result.Add(statement);
                }
            }
        }

        return result;
    }

    /// <summary>Adds <c>using</c> directives for <paramref name="namespaces"/>, keeping an alphabetical list in order.</summary>
    private static CompilationUnitSyntax AddUsings(CompilationUnitSyntax unit, IEnumerable<string> namespaces, string eol)
    {
        var usings = unit.Usings;
        foreach (var ns in namespaces.OrderBy(n => n, System.StringComparer.Ordinal))
        {
            var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(ns))
                .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(SyntaxFactory.Space))
                .WithTrailingTrivia(SyntaxFactory.EndOfLine(eol));
            var index = 0;
            while (index < usings.Count && usings[index].StaticKeyword.IsKind(SyntaxKind.None) && usings[index].Alias is null
                   && string.CompareOrdinal(usings[index].Name?.ToString(), ns) < 0)
            {
                index++;
            }

            if (index == 0 && usings.Count > 0)
            {
                // Keep the file's leading trivia (a header comment) before the first directive.
                directive = directive.WithLeadingTrivia(usings[0].GetLeadingTrivia());
                usings = usings.Replace(usings[0], usings[0].WithLeadingTrivia());
            }

            usings = usings.Insert(index, directive);
        }

        return unit.WithUsings(usings);
    }

    private static async Task<List<Group>> PlanAsync(Solution solution, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var groups = new List<Group>();
        var seen = new HashSet<string>(System.StringComparer.Ordinal);
        var takenNames = new Dictionary<TypeDeclarationSyntax, HashSet<string>>();
        foreach (var diagnostic in diagnostics)
        {
            var locations = new[] { diagnostic.Location }.Concat(diagnostic.AdditionalLocations)
                .Where(l => l.IsInSource)
                .OrderBy(l => l.SourceTree!.FilePath, System.StringComparer.Ordinal)
                .ThenBy(l => l.SourceSpan.Start)
                .ToList();
            var key = string.Join("|", locations.Select(l => l.SourceTree!.FilePath + ":" + l.SourceSpan.Start.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            if (locations.Count < 2 || !seen.Add(key))
            {
                continue;
            }

            var group = await PlanGroupAsync(solution, locations, takenNames, cancellationToken).ConfigureAwait(false);
            if (group is not null)
            {
                groups.Add(group);
            }
        }

        return groups;
    }

    private static async Task<Group?> PlanGroupAsync(Solution solution, List<Location> locations, Dictionary<TypeDeclarationSyntax, HashSet<string>> takenNames, CancellationToken cancellationToken)
    {
        var copies = new List<(Document Document, SemanticModel Model, ExpressionSyntax Copy, EstimatorChains.Chain Chain)>();
        foreach (var location in locations)
        {
            var document = solution.GetDocument(location.SourceTree);
            var root = location.SourceTree is null ? null : await location.SourceTree.GetRootAsync(cancellationToken).ConfigureAwait(false);
            var model = document is null ? null : await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (document is null || root is null || model is null
                || MlNetSymbols.Get(model.Compilation) is not { } symbols
                || root.FindNode(location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax copy
                || copy.Span != location.SourceSpan
                || copy.ContainsDiagnostics
                || model.GetOperation(copy, cancellationToken) is not IInvocationOperation invocation
                || EstimatorChains.Describe(invocation, symbols) is not { } chain)
            {
                return null;
            }

            copies.Add((document, model, copy, chain));
        }

        if (copies.Select(c => c.Chain.Fingerprint).Distinct(System.StringComparer.Ordinal).Count() != 1)
        {
            return null;
        }

        // The definition goes into the type holding the first copy, which every copy must be able to call.
        var first = copies[0];
        if (first.Copy.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } hostType
            || first.Model.GetDeclaredSymbol(hostType, cancellationToken) is not { } hostSymbol
            || hostSymbol.IsGenericType
            || !IsReachableFromTheAssembly(hostSymbol)
            || first.Model.GetTypeInfo(first.Copy, cancellationToken).Type is not { } chainType
            || chainType.TypeKind == TypeKind.Error)
        {
            return null;
        }

        var anchor = hostType.Members.FirstOrDefault(m => m.Span.Contains(first.Copy.Span));
        if (anchor is null)
        {
            return null;
        }

        if (!takenNames.TryGetValue(hostType, out var taken))
        {
            taken = new HashSet<string>(hostSymbol.GetMembers().Select(m => m.Name), System.StringComparer.Ordinal);
            takenNames[hostType] = taken;
        }

        var methodName = UniqueName(taken, "Build" + Pascal(NameOf(first.Copy)));
        var names = new TypeNames(first.Model, hostType.SpanStart);
        var usings = MissingNamespaces(first.Model, hostType.SpanStart, chainType);
        var method = BuildMethod(first.Copy, first.Chain, first.Model, anchor, chainType, names.Get("Microsoft.ML", "MLContext"), methodName, cancellationToken);
        if (method is null)
        {
            return null;
        }

        var planned = new List<(DocumentId, ExpressionSyntax, ExpressionSyntax)>();
        foreach (var (document, model, copy, chain) in copies)
        {
            var inHost = copy.Ancestors().OfType<TypeDeclarationSyntax>().Any(t => SymbolEqualityComparer.Default.Equals(model.GetDeclaredSymbol(t, cancellationToken), hostSymbol));
            var target = inHost ? methodName : hostSymbol.ToMinimalDisplayString(model, copy.SpanStart) + "." + methodName;
            var context = ((ExpressionSyntax)chain.ContextUses[0].Syntax).WithoutTrivia();
            var call = SyntaxFactory.InvocationExpression(
                SyntaxFactory.ParseExpression(target),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(context))));
            planned.Add((document.Id, copy, call));
        }

        return new Group(first.Document.Id, hostType, hostType.Members.IndexOf(anchor), methodName, method, planned, usings);
    }

    /// <summary>The namespaces of the types in <paramref name="type"/> (type arguments included) not imported at <paramref name="position"/>.</summary>
    private static List<string> MissingNamespaces(SemanticModel model, int position, ITypeSymbol type)
    {
        var missing = new List<string>();
        var pending = new Stack<ITypeSymbol>();
        pending.Push(type);
        while (pending.Count > 0)
        {
            if (pending.Pop() is not INamedTypeSymbol named)
            {
                continue;
            }

            foreach (var argument in named.TypeArguments)
            {
                pending.Push(argument);
            }

            var ns = named.ContainingNamespace;
            if (ns is null || ns.IsGlobalNamespace || named.ContainingType is not null)
            {
                continue;
            }

            var visible = model.LookupNamespacesAndTypes(position, name: named.Name)
                .Any(s => SymbolEqualityComparer.Default.Equals(s.OriginalDefinition, named.OriginalDefinition));
            var name = ns.ToDisplayString();
            if (!visible && !missing.Contains(name))
            {
                missing.Add(name);
            }
        }

        return missing;
    }

    private static bool IsReachableFromTheAssembly(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The local or member the first copy is stored in (<c>var pipeline = ...</c>), else "Pipeline".</summary>
    private static string NameOf(ExpressionSyntax copy)
    {
        var parent = copy.Parent;
        while (parent is ParenthesizedExpressionSyntax or CastExpressionSyntax)
        {
            parent = parent.Parent;
        }

        var name = parent switch
        {
            EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } => declarator.Identifier.ValueText,
            AssignmentExpressionSyntax { Left: IdentifierNameSyntax identifier } => identifier.Identifier.ValueText,
            AssignmentExpressionSyntax { Left: MemberAccessExpressionSyntax { Name: var member } } => member.Identifier.ValueText,
            _ => "",
        };
        name = name.TrimStart('_');
        return name.Length == 0 ? "Pipeline" : name.IndexOf("ipeline", System.StringComparison.OrdinalIgnoreCase) >= 0 ? name : name + "Pipeline";
    }

    private static string Pascal(string name) => char.ToUpperInvariant(name[0]) + name.Substring(1);

    private static string UniqueName(HashSet<string> taken, string baseName)
    {
        var candidate = baseName;
        for (var i = 2; taken.Contains(candidate); i++)
        {
            candidate = baseName + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        taken.Add(candidate);
        return candidate;
    }

    /// <summary>
    /// <c>internal static T Name(MLContext mlContext) => chain;</c> with the context replaced by the parameter, and
    /// constants that name locals or parameters of the first copy's method written out as literals.
    /// </summary>
    private static MethodDeclarationSyntax? BuildMethod(
        ExpressionSyntax copy,
        EstimatorChains.Chain chain,
        SemanticModel model,
        MemberDeclarationSyntax anchor,
        ITypeSymbol chainType,
        string contextType,
        string methodName,
        CancellationToken cancellationToken)
    {
        var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
        foreach (var use in chain.ContextUses)
        {
            replacements[use.Syntax] = SyntaxFactory.IdentifierName("mlContext").WithTriviaFrom(use.Syntax);
        }

        if (model.GetOperation(copy, cancellationToken) is not { } operation)
        {
            return null;
        }

        foreach (var constant in operation.DescendantsAndSelf())
        {
            if (constant.ConstantValue.HasValue
                && constant.Syntax is not LiteralExpressionSyntax
                && constant.DescendantsAndSelf().Any(o => o is ILocalReferenceOperation or IParameterReferenceOperation)
                && !replacements.Keys.Any(k => k.Span.Contains(constant.Syntax.Span)))
            {
                if (Literal(constant.ConstantValue.Value) is not { } literal)
                {
                    return null;
                }

                replacements[constant.Syntax] = literal.WithTriviaFrom(constant.Syntax);
            }
        }

        var body = copy.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]).WithoutTrivia();
        var eol = Layout.EndOfLine(copy.SyntaxTree.GetRoot(cancellationToken));
        var indentation = Layout.IndentationOf(anchor);
        var typeName = chainType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        var text = eol
            + $"{indentation}/// <summary>The one definition of this estimator chain, shared by every place that builds it.</summary>{eol}"
            + $"{indentation}internal static {typeName} {methodName}({contextType} mlContext) =>{eol}"
            + $"{indentation}    {Layout.Reindent(body.ToFullString(), indentation + "        ", eol)};{eol}";
        return (MethodDeclarationSyntax?)SyntaxFactory.ParseMemberDeclaration(text);
    }

    private static ExpressionSyntax? Literal(object? value) => value switch
    {
        string s => SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(s)),
        int i => SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(i)),
        bool b => SyntaxFactory.LiteralExpression(b ? SyntaxKind.TrueLiteralExpression : SyntaxKind.FalseLiteralExpression),
        _ => null,
    };
}
