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
using MlopsAnalyzers.Artifacts;

namespace MlopsAnalyzers.CodeFixes;

/// <summary>A <c>Model.Save</c> or <c>Model.Load</c> of the file a registry fix moves into a registry.</summary>
internal sealed class FileUse
{
    public FileUse(Document document, SemanticModel semanticModel, MlNetSymbols symbols, IInvocationOperation call, bool isSave)
    {
        Document = document;
        SemanticModel = semanticModel;
        Symbols = symbols;
        Call = call;
        IsSave = isSave;
    }

    public Document Document { get; }

    public SemanticModel SemanticModel { get; }

    public MlNetSymbols Symbols { get; }

    public IInvocationOperation Call { get; }

    public bool IsSave { get; }
}

/// <summary>
/// Every place of a solution that names one model file: the saves and loads that a registry fix rewrites together
/// (producer and consumers), or null when some other code reads or writes the file (a <c>File.Exists</c>, a
/// stream, a copy, a path built at run time that ends with the same file name, a field that can be reassigned):
/// rewriting the saves would leave that code without its file, so no fix is offered.
/// </summary>
/// <remarks>
/// Every string literal of the solution that contains the file name is accounted for: it must be inside the path of a
/// save or load of exactly that path (known at compile time), or initialize a constant, read-only field or local
/// whose every reference is, or be inside a region the fix replaces anyway.
/// </remarks>
internal sealed class RegistryFileGroup
{
    private const int MaxDepth = 4;

    private readonly Solution _solution;
    private readonly string _path;
    private readonly bool _loadsOnly;
    private readonly IReadOnlyCollection<(DocumentId Document, TextSpan Span)> _excluded;
    private readonly Dictionary<(DocumentId, TextSpan), FileUse> _uses = new();

    private RegistryFileGroup(Solution solution, string path, bool loadsOnly, IReadOnlyCollection<(DocumentId Document, TextSpan Span)> excluded)
    {
        _solution = solution;
        _path = path;
        _loadsOnly = loadsOnly;
        _excluded = excluded;
    }

    public IEnumerable<FileUse> Saves => _uses.Values.Where(u => u.IsSave).OrderBy(u => u.Document.FilePath).ThenBy(u => u.Call.Syntax.SpanStart);

    public IEnumerable<FileUse> Loads => _uses.Values.Where(u => !u.IsSave).OrderBy(u => u.Document.FilePath).ThenBy(u => u.Call.Syntax.SpanStart);

    /// <summary>
    /// The saves and loads of the file at <paramref name="path"/> (whose file name is <paramref name="fileName"/>), or null
    /// when another use of it exists. With <paramref name="loadsOnly"/>, a save of the file is such a use too. Text
    /// inside the <paramref name="excluded"/> spans (what the fix replaces, the source of a copy) is ignored.
    /// </summary>
    public static async Task<RegistryFileGroup?> FindAsync(Solution solution, string path, string fileName, bool loadsOnly, IReadOnlyCollection<(DocumentId Document, TextSpan Span)> excluded, CancellationToken cancellationToken)
    {
        var group = new RegistryFileGroup(solution, path, loadsOnly, excluded);
        foreach (var project in solution.Projects)
        {
            foreach (var document in project.Documents)
            {
                var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
                if (text.ToString().IndexOf(fileName, StringComparison.OrdinalIgnoreCase) < 0)
                {
                    continue;
                }

                if (project.Language != LanguageNames.CSharp)
                {
                    return null;
                }

                var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                if (root is null)
                {
                    return null;
                }

                foreach (var token in root.DescendantTokens())
                {
                    if (IsStringToken(token)
                        && token.ValueText.IndexOf(fileName, StringComparison.OrdinalIgnoreCase) >= 0
                        && token.Parent is { } node
                        && !await group.AccountAsync(document, node, 0, cancellationToken).ConfigureAwait(false))
                    {
                        return null;
                    }
                }
            }
        }

        return group;
    }

    private static bool IsStringToken(SyntaxToken token)
        => token.IsKind(SyntaxKind.StringLiteralToken)
            || token.IsKind(SyntaxKind.InterpolatedStringTextToken)
            || token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken)
            || token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken)
            || token.IsKind(SyntaxKind.Utf8StringLiteralToken);

    private async Task<bool> AccountAsync(Document document, SyntaxNode node, int depth, CancellationToken cancellationToken)
    {
        if (_excluded.Any(e => e.Document == document.Id && e.Span.Contains(node.Span)))
        {
            return true;
        }

        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (semanticModel is null)
        {
            return false;
        }

        if (UseAt(document, semanticModel, node, cancellationToken) is { } use)
        {
            if (use.IsSave && _loadsOnly)
            {
                return false;
            }

            _uses[(document.Id, use.Call.Syntax.Span)] = use;
            return true;
        }

        if (depth >= MaxDepth
            || node.FirstAncestorOrSelf<VariableDeclaratorSyntax>() is not { Initializer: { } initializer } declarator
            || !initializer.Span.Contains(node.Span)
            || semanticModel.GetDeclaredSymbol(declarator, cancellationToken) is not { } symbol
            || !(symbol is ILocalSymbol || symbol is IFieldSymbol { IsConst: true } || symbol is IFieldSymbol { IsReadOnly: true }))
        {
            return false;
        }

        var references = await SymbolFinder.FindReferencesAsync(symbol, _solution, cancellationToken).ConfigureAwait(false);
        foreach (var reference in references)
        {
            foreach (var location in reference.Locations)
            {
                if (location.IsImplicit
                    || await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } referenceRoot
                    || !await AccountAsync(location.Document, referenceRoot.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true), depth + 1, cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>The save or load of exactly the group's path whose path argument holds <paramref name="node"/>.</summary>
    private FileUse? UseAt(Document document, SemanticModel semanticModel, SyntaxNode node, CancellationToken cancellationToken)
    {
        if (MlNetSymbols.Get(semanticModel.Compilation) is not { } symbols)
        {
            return null;
        }

        foreach (var argument in node.AncestorsAndSelf().OfType<ArgumentSyntax>())
        {
            if (argument.Parent?.Parent is not InvocationExpressionSyntax invocation
                || semanticModel.GetOperation(invocation, cancellationToken) is not IInvocationOperation call)
            {
                continue;
            }

            var isSave = ModelArtifacts.IsModelSaveToFile(call, symbols, out var savePath);
            var path = isSave ? savePath : LoadPath(call, symbols);
            if (path is not null
                && path.Syntax == argument
                && RegistryPaths.ConstantPath(path.Value, symbols) is { } value
                && string.Equals(value, _path, StringComparison.Ordinal))
            {
                return new FileUse(document, semanticModel, symbols, call, isSave);
            }
        }

        return null;
    }

    /// <summary>The path argument of <c>mlContext.Model.Load(string path, out DataViewSchema schema)</c>, or null.</summary>
    public static IArgumentOperation? LoadPath(IInvocationOperation load, MlNetSymbols symbols)
    {
        var method = load.TargetMethod;
        return method.Name == "Load"
            && ArtifactSymbols.Is(method.ContainingType, symbols.ModelOperationsCatalog)
            && method.Parameters.Length == 2
            && method.Parameters[0].Type.SpecialType == SpecialType.System_String
            && load.GetArgument(method.Parameters[0]) is { ArgumentKind: ArgumentKind.Explicit } path
                ? path
                : null;
    }
}
