using System;
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
using Microsoft.CodeAnalysis.FindSymbols;

namespace MlopsAnalyzers.CodeFixes;

using PoolRewrite = PredictionEnginePoolRewrite;

/// <summary>
/// MLOPS501: a static engine field or auto-property with an initializer (or a static <c>Lazy</c> of an engine) becomes
/// one engine per thread: a <c>[ThreadStatic]</c> field and a property of the member's name and engine type that
/// creates the thread's engine on first read, <c>static E Engine =&gt; engineOfThisThread ??= &lt;initializer&gt;;</c> (no
/// <c>ThreadLocal.Value</c>, so no nullable warning and no suppression; reads are unchanged, <c>Lazy.Value</c> reads lose
/// <c>.Value</c>). Offered for a member declared alone, without attributes, with a non-null initializer, never written
/// after it. A singleton registration of an engine built from a model file at a constant path gets a second fix where
/// Microsoft.Extensions.ML is referenced: a <c>PredictionEnginePool</c> (<see cref="PredictionEnginePoolRewrite"/>); an
/// engine local captured by a parallel loop a third (<see cref="ParallelLoopRewrite"/>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PredictionEngineSharedAcrossThreadsCodeFix)), Shared]
public sealed class PredictionEngineSharedAcrossThreadsCodeFix : CodeFixProvider
{
    public const string EquivalenceKey = "MLOPS501.UseThreadLocal";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.PredictionEngineSharedAcrossThreads);

    public override FixAllProvider GetFixAllProvider() => FixAll.Instance;

    /// <summary>Every member of a document at once: a reference to one may sit in the initializer of another.</summary>
    private static readonly FixAllProvider ThreadLocalFixAll = FixAllProvider.Create(async (fixAll, document, diagnostics) =>
    {
        var edits = new Dictionary<SyntaxNode, Func<SyntaxNode, SyntaxNode>>();
        foreach (var diagnostic in diagnostics)
        {
            if (await PlanAsync(document, diagnostic.Location.SourceSpan, fixAll.CancellationToken).ConfigureAwait(false) is { } plan)
            {
                foreach (var edit in plan)
                {
                    edits[edit.Key] = edit.Value;
                }
            }
        }

        return await ApplyAsync(document, edits, fixAll.CancellationToken).ConfigureAwait(false);
    });

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        if (await PoolRewrite.PlanAsync(context.Document, context.Span, context.CancellationToken).ConfigureAwait(false) is { } poolPlan)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(PoolRewrite.Title, ct => PoolRewrite.ApplyAsync(context.Document.Project.Solution, poolPlan, ct), PoolRewrite.EquivalenceKey),
                    diagnostic);
            }
        }

        if (await ParallelLoopRewrite.PlanAsync(context.Document, context.Span, context.CancellationToken).ConfigureAwait(false) is { } loopFix)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                context.RegisterCodeFix(CodeAction.Create(ParallelLoopRewrite.Title, _ => Task.FromResult(loopFix), ParallelLoopRewrite.EquivalenceKey), diagnostic);
            }
        }

        if (await PlanAsync(context.Document, context.Span, context.CancellationToken).ConfigureAwait(false) is not { } plan)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            context.RegisterCodeFix(
                CodeAction.Create("Use one engine per thread ([ThreadStatic])", ct => ApplyAsync(context.Document, plan, ct), EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>
    /// Fix All: the ThreadLocal fix document by document; the pool fix over the solution, since it rewrites the
    /// consumers of each registration wherever they are.
    /// </summary>
    private sealed class FixAll : FixAllProvider
    {
        public static readonly FixAll Instance = new();

        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() => ThreadLocalFixAll.GetSupportedFixAllScopes();

        public override Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            if (fixAllContext.CodeActionEquivalenceKey == ParallelLoopRewrite.EquivalenceKey)
            {
                // Loops one at a time, in each document: each rewrite changes the text the next one reads.
                return Task.FromResult<CodeAction?>(CodeAction.Create(ParallelLoopRewrite.Title, ct => FixAllLoopsAsync(fixAllContext, ct), ParallelLoopRewrite.EquivalenceKey));
            }

            if (fixAllContext.CodeActionEquivalenceKey != PoolRewrite.EquivalenceKey)
            {
                return ThreadLocalFixAll.GetFixAsync(fixAllContext);
            }

            return Task.FromResult<CodeAction?>(CodeAction.Create(
                PoolRewrite.Title,
                ct => FixAllPoolsAsync(fixAllContext, ct),
                PoolRewrite.EquivalenceKey));
        }

        private static async Task<Solution> FixAllLoopsAsync(FixAllContext fixAll, CancellationToken cancellationToken)
        {
            var documents = fixAll.Scope switch
            {
                FixAllScope.Project => fixAll.Project.Documents,
                FixAllScope.Solution => fixAll.Solution.Projects.SelectMany(p => p.Documents),
                _ => fixAll.Document is { } document ? new[] { document } : Enumerable.Empty<Document>(),
            };

            var solution = fixAll.Solution;
            foreach (var original in documents.ToList())
            {
                // Mark every flagged reference, then rewrite one loop at a time, finding the next mark in the new text.
                var diagnostics = await fixAll.GetDocumentDiagnosticsAsync(original).ConfigureAwait(false);
                var root = await original.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                if (root is null || diagnostics.IsEmpty)
                {
                    continue;
                }

                var marks = diagnostics.Select(d => root.FindNode(d.Location.SourceSpan, getInnermostNodeForTie: true)).Distinct().ToDictionary(n => n, _ => new SyntaxAnnotation());
                var document = original.WithSyntaxRoot(root.ReplaceNodes(marks.Keys, (o, r) => r.WithAdditionalAnnotations(marks[o])));
                foreach (var mark in marks.OrderBy(m => m.Key.SpanStart).Select(m => m.Value))
                {
                    var current = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                    if (current?.GetAnnotatedNodes(mark).FirstOrDefault() is { } node
                        && await ParallelLoopRewrite.PlanAsync(document, node.Span, cancellationToken).ConfigureAwait(false) is { } fixedDocument)
                    {
                        document = fixedDocument;
                    }
                }

                solution = solution.WithDocumentSyntaxRoot(original.Id, (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!);
            }

            return solution;
        }

        private static async Task<Solution> FixAllPoolsAsync(FixAllContext fixAll, CancellationToken cancellationToken)
        {
            var documents = fixAll.Scope switch
            {
                FixAllScope.Project => fixAll.Project.Documents,
                FixAllScope.Solution => fixAll.Solution.Projects.SelectMany(p => p.Documents),
                _ => fixAll.Document is { } document ? new[] { document } : Enumerable.Empty<Document>(),
            };

            var merged = new PoolRewrite.Plan();
            foreach (var document in documents.ToList())
            {
                foreach (var diagnostic in await fixAll.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false))
                {
                    if (await PoolRewrite.PlanAsync(document, diagnostic.Location.SourceSpan, cancellationToken).ConfigureAwait(false) is { } plan)
                    {
                        merged.Merge(plan);
                    }
                }
            }

            return await PoolRewrite.ApplyAsync(fixAll.Solution, merged, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<Document> ApplyAsync(Document document, Dictionary<SyntaxNode, Func<SyntaxNode, SyntaxNode>> edits, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || edits.Count == 0)
        {
            return document;
        }

        return document.WithSyntaxRoot(InsertBackingFields(root.ReplaceNodes(edits.Keys, (original, rewritten) => edits[original](rewritten))));
    }

    /// <summary>
    /// The edits for the member declared at <paramref name="span"/>: its declaration (and, for a <c>Lazy</c>, every
    /// <c>.Value</c> read), or null when no safe fix exists.
    /// </summary>
    private static async Task<Dictionary<SyntaxNode, Func<SyntaxNode, SyntaxNode>>?> PlanAsync(Document document, Microsoft.CodeAnalysis.Text.TextSpan span, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null || MlNetSymbols.Get(semanticModel.Compilation) is not { } symbols)
        {
            return null;
        }

        var node = root.FindNode(span, getInnermostNodeForTie: true);
        MemberDeclarationSyntax declaration;
        TypeSyntax type;
        EqualsValueClauseSyntax? initializer;
        SyntaxToken name;
        switch (node)
        {
            case VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: FieldDeclarationSyntax field } variables } declarator:
                declaration = field;
                type = variables.Type;
                initializer = declarator.Initializer;
                name = declarator.Identifier;
                break;
            case PropertyDeclarationSyntax property when property.AccessorList is { } accessors
                                                        && accessors.Accessors.All(a => a.IsKind(SyntaxKind.GetAccessorDeclaration) && a.Body is null && a.ExpressionBody is null && a.AttributeLists.Count == 0):
                declaration = property;
                type = property.Type;
                initializer = property.Initializer;
                name = property.Identifier;
                break;
            default:
                return null;
        }

        if (initializer is null || declaration.ContainsDiagnostics || declaration.AttributeLists.Count > 0
            || declaration.Parent is not TypeDeclarationSyntax
            || ((CSharpParseOptions)root.SyntaxTree.Options).LanguageVersion < LanguageVersion.CSharp6
            || semanticModel.GetDeclaredSymbol(node, cancellationToken) is not { IsStatic: true } member
            || semanticModel.GetTypeInfo(type, cancellationToken).Type is not INamedTypeSymbol declaredType)
        {
            return null;
        }

        // The engine itself, or a Lazy<engine> whose factory is a parameterless lambda with an expression body or a method group.
        var isLazy = false;
        ITypeSymbol engineType = declaredType;
        ExpressionSyntax value = initializer.Value;
        if (declaredType is { Name: "Lazy", Arity: 1, ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
        {
            if (LazyFactory(semanticModel, initializer.Value, cancellationToken) is not { } factory)
            {
                return null;
            }

            isLazy = true;
            engineType = declaredType.TypeArguments[0];
            value = factory;
        }

        if (!symbols.ThreadSharing.IsThreadUnsafeEngine(engineType)
            || !engineType.InheritsFrom(symbols.ThreadSharing.PredictionEngineBase)
            || MayBeNull(semanticModel, value, cancellationToken))
        {
            return null;
        }

        var edits = new Dictionary<SyntaxNode, Func<SyntaxNode, SyntaxNode>>();
        var references = await SymbolFinder.FindReferencesAsync(member, document.Project.Solution, cancellationToken).ConfigureAwait(false);
        foreach (var location in references.SelectMany(r => r.Locations))
        {
            if (location.IsImplicit)
            {
                return null;
            }

            var referenceRoot = location.Document.Id == document.Id
                ? root
                : await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (referenceRoot?.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true) is not IdentifierNameSyntax identifier)
            {
                return null;
            }

            ExpressionSyntax target = identifier.Parent is MemberAccessExpressionSyntax access && access.Name == identifier ? access : identifier;
            if (IsWrite(target))
            {
                return null;
            }

            if (isLazy)
            {
                // Every read is `Lazy.Value` (the engine), in this document: it becomes the property itself.
                if (location.Document.Id != document.Id
                    || target.Parent is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Value" } valueAccess
                    || valueAccess.Expression != target)
                {
                    return null;
                }

                edits[valueAccess] = rewritten => ((MemberAccessExpressionSyntax)rewritten).Expression.WithTriviaFrom(rewritten);
            }
        }

        var position = declaration.SpanStart;
        var containingType = member.ContainingType;
        var backing = BackingFieldName(semanticModel, containingType, position, name.ValueText);
        if (backing is null)
        {
            return null;
        }

        var typeNames = new TypeNames(semanticModel, position);
        var attribute = typeNames.Get("System", "ThreadStaticAttribute");
        attribute = attribute == "ThreadStaticAttribute" && !typeNames.IsTaken("ThreadStatic")
            ? "ThreadStatic"
            : attribute.Substring(0, attribute.Length - "Attribute".Length);
        var engineTypeText = isLazy
            ? ((GenericNameSyntax)(type is QualifiedNameSyntax qualified ? qualified.Right : type is AliasQualifiedNameSyntax alias ? alias.Name : type)).TypeArgumentList.Arguments[0].WithoutTrivia().ToString()
            : type.WithoutTrivia().ToString();
        var annotated = semanticModel.GetNullableContext(position).AnnotationsEnabled() ? "?" : "";
        var coalesceAssign = ((CSharpParseOptions)root.SyntaxTree.Options).LanguageVersion >= LanguageVersion.CSharp8;
        var valueText = value is ExpressionSyntax && isLazy && value.Parent is ArgumentSyntax
            ? value.WithoutTrivia().ToString() + "()"
            : value.WithoutTrivia().ToString();
        var creation = coalesceAssign ? $"{backing} ??= {valueText}" : $"{backing} ?? ({backing} = {valueText})";

        edits[declaration] = rewritten => RewriteDeclaration((MemberDeclarationSyntax)rewritten, initializer, attribute, engineTypeText + annotated, engineTypeText, backing, creation);
        return edits;
    }

    /// <summary>The factory of <c>new Lazy&lt;T&gt;(() =&gt; value)</c> or <c>new(Create)</c>: the lambda's body, or the method group (then called); null for other shapes.</summary>
    private static ExpressionSyntax? LazyFactory(SemanticModel semanticModel, ExpressionSyntax creation, CancellationToken cancellationToken)
    {
        var arguments = creation switch
        {
            ImplicitObjectCreationExpressionSyntax implicitCreation => implicitCreation.ArgumentList,
            ObjectCreationExpressionSyntax explicitCreation when explicitCreation.Initializer is null => explicitCreation.ArgumentList,
            _ => null,
        };
        if (arguments is not { Arguments.Count: 1 or 2 } || arguments.Arguments[0].NameColon is not null)
        {
            return null;
        }

        switch (arguments.Arguments[0].Expression)
        {
            case ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters.Count: 0, ExpressionBody: { } body, AsyncKeyword.RawKind: 0 }:
                return body;
            case IdentifierNameSyntax or MemberAccessExpressionSyntax when semanticModel.GetSymbolInfo(arguments.Arguments[0].Expression, cancellationToken).Symbol is IMethodSymbol { Parameters.Length: 0 }:
                return arguments.Arguments[0].Expression;
            default:
                return null;
        }
    }

    /// <summary>
    /// True when the engine the member is initialized with may be null (a null literal, or a maybe-null value in a
    /// nullable context): the per-thread property would create it again on every read, and warn.
    /// </summary>
    private static bool MayBeNull(SemanticModel semanticModel, ExpressionSyntax value, CancellationToken cancellationToken)
    {
        if (semanticModel.GetConstantValue(value, cancellationToken) is { HasValue: true })
        {
            return true;
        }

        if (value.Parent is ArgumentSyntax)
        {
            // A method group: its declared return.
            return semanticModel.GetSymbolInfo(value, cancellationToken).Symbol is IMethodSymbol { ReturnNullableAnnotation: NullableAnnotation.Annotated };
        }

        return semanticModel.GetTypeInfo(value, cancellationToken).Nullability.FlowState == NullableFlowState.MaybeNull;
    }

    private static string? BackingFieldName(SemanticModel semanticModel, INamedTypeSymbol type, int position, string memberName)
    {
        var trimmed = memberName.TrimStart('_');
        if (trimmed.Length == 0)
        {
            return null;
        }

        var baseName = (memberName.StartsWith("_", StringComparison.Ordinal) ? "_" : "")
            + char.ToLowerInvariant(trimmed[0]) + trimmed.Substring(1) + "OfThisThread";
        for (var i = 0; i < 10; i++)
        {
            var name = i == 0 ? baseName : baseName + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (type.GetMembers(name).IsEmpty && semanticModel.LookupSymbols(position, name: name).IsEmpty)
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>True where a property cannot stand: an assignment target, a ref/out/in argument, an increment.</summary>
    private static bool IsWrite(ExpressionSyntax target)
        => target.Parent switch
        {
            AssignmentExpressionSyntax assignment => assignment.Left == target,
            ArgumentSyntax argument => !argument.RefKindKeyword.IsKind(SyntaxKind.None),
            PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax or RefExpressionSyntax => true,
            _ => false,
        };

    /// <summary>
    /// <c>static readonly E Engine = value;</c> becomes a <c>[ThreadStatic]</c> field and a property that creates the
    /// thread's engine on first read: <c>static E Engine =&gt; engineOfThisThread ??= value;</c>. The declaration's
    /// comments go on the field; a line break after the <c>=</c> stays after the <c>=&gt;</c>; trivia after the
    /// semicolon stays.
    /// </summary>
    private static SyntaxNode RewriteDeclaration(MemberDeclarationSyntax declaration, EqualsValueClauseSyntax originalInitializer, string attribute, string fieldType, string propertyType, string backing, string creation)
    {
        var (modifiers, identifier, semicolon) = declaration switch
        {
            FieldDeclarationSyntax f => (f.Modifiers, f.Declaration.Variables[0].Identifier, f.SemicolonToken),
            PropertyDeclarationSyntax p => (p.Modifiers, p.Identifier, p.SemicolonToken),
            _ => throw new InvalidOperationException(),
        };

        var eol = Layout.EndOfLine(originalInitializer.SyntaxTree.GetRoot());
        var indent = Layout.IndentationOf(declaration);
        var keptModifiers = string.Join(" ", modifiers.Where(m => !m.IsKind(SyntaxKind.ReadOnlyKeyword) && !m.IsKind(SyntaxKind.VolatileKeyword)).Select(m => m.ValueText));
        var afterEquals = originalInitializer.EqualsToken.TrailingTrivia.ToFullString();
        var lineBreak = afterEquals.Contains("\n");
        var property = SyntaxFactory.ParseMemberDeclaration(
            $"{indent}{keptModifiers} {propertyType} {identifier.ValueText} =>"
            + (lineBreak ? afterEquals + originalInitializer.Value.GetLeadingTrivia().ToFullString() : " ")
            + creation + ";")!;
        var field = $"[{attribute}]{eol}{indent}private static {fieldType} {backing};{eol}";
        return property
            .WithTrailingTrivia(semicolon.TrailingTrivia)
            .WithAdditionalAnnotations(new SyntaxAnnotation(BackingFieldKind, field + "\u0000" + declaration.GetLeadingTrivia().ToFullString()));
    }

    private const string BackingFieldKind = "MLOPS501.BackingField";

    /// <summary>Puts each rewritten property's <c>[ThreadStatic]</c> field before it, with the declaration's comments.</summary>
    private static SyntaxNode InsertBackingFields(SyntaxNode root)
    {
        return InsertEach(root);

        static SyntaxNode InsertEach(SyntaxNode current)
        {
            while (current.GetAnnotatedNodes(BackingFieldKind).FirstOrDefault() is { } property)
            {
                var annotation = property.GetAnnotations(BackingFieldKind).First();
                var parts = annotation.Data!.Split('\u0000');
                var field = SyntaxFactory.ParseMemberDeclaration(parts[1] + parts[0])!;
                var indent = Layout.IndentationOf(property);
                var cleaned = property.WithoutAnnotations(annotation).WithLeadingTrivia(SyntaxFactory.Whitespace(indent));
                current = current.ReplaceNode(property, new[] { field, cleaned });
            }

            return current;
        }
    }

}
