"""`veiviser eval`: retrieval and answer quality on a question set (or NorQuAD), with CI thresholds.

`--routines` scores `veiviser audit` on labelled routines instead (veiviser.cli.cmd_audit.run_routine_eval).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from veiviser.cli.common import build_settings, err_console, fail, print_json

if TYPE_CHECKING:
    from veiviser.core.types import LoadedDocument


def register(app: typer.Typer) -> None:
    @app.command("eval")
    def eval_(
        questions: Path = typer.Option(None, "--questions", help="JSONL question set with gold evidence."),
        corpus: Path = typer.Option(None, "--corpus", help="Folder with the documents the questions are about."),
        norquad: Path = typer.Option(None, "--norquad", help="NorQuAD JSON: index its contexts, ask its questions."),
        limit: int = typer.Option(None, "--limit", min=1, help="Only the first N questions."),
        split: str = typer.Option(
            None, "--split", help='Only questions of this split (the set\'s "split" field), e.g. test.'
        ),
        with_kb: bool = typer.Option(
            False, "--kb/--no-kb", help="Also index the curated knowledge base in kb/ (as `veiviser ingest --kb`)."
        ),
        out: Path = typer.Option(None, "--out", help="Write the Markdown report here."),
        json_out: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
        index: Path = typer.Option(None, "--index", help="Index folder to build or re-use (default: temporary)."),
        k: int = typer.Option(10, "--k", min=1, max=100, help="Results per question for retrieval metrics."),
        llm: str = typer.Option(
            None, "--llm", help="Answerer: extractive (default), ollama, openai, scripted[:MODEL]."
        ),
        no_answers: bool = typer.Option(False, "--no-answers", help="Retrieval metrics only."),
        norquad_answers: bool = typer.Option(
            False,
            "--answers",
            help="NorQuAD: also answer every question; report answered rate and gold answer in a quote.",
        ),
        norquad_abstention: bool = typer.Option(
            False,
            "--abstention",
            help="NorQuAD: index a fixed half of the contexts; report answers, abstention on the rest "
            "and the trade-off curve (a PNG beside --out).",
        ),
        calibrate: bool = typer.Option(
            False, "--calibrate", help="Add the abstention and support-threshold sweeps to the report."
        ),
        thresholds: Path = typer.Option(
            None, "--thresholds", help="TOML file of minimums (e.g. eval/thresholds.toml)."
        ),
        min_recall_at_5: float = typer.Option(None, "--min-recall-at-5"),
        min_mrr: float = typer.Option(None, "--min-mrr"),
        min_ndcg_at_10: float = typer.Option(None, "--min-ndcg-at-10"),
        min_answered_rate: float = typer.Option(None, "--min-answered-rate"),
        min_abstention_recall: float = typer.Option(None, "--min-abstention-recall"),
        min_citation_validity: float = typer.Option(None, "--min-citation-validity"),
        min_answer_contains_evidence: float = typer.Option(None, "--min-answer-contains-evidence"),
        routines: Path = typer.Option(
            None,
            "--routines",
            help="Audit: a labels.yaml or a folder of them (eval/routines); report the audit per requirement set "
            "and split (gaps found, covered flagged, exact, section match).",
        ),
        audit_decision: str = typer.Option(None, "--audit-decision", help="Audit status by: learned or rules."),
    ) -> None:
        """Measure R@k, MRR, nDCG@10, abstention, citation validity and evidence in answers.

        Exits 1 when a measured value is below a given minimum.
        """
        from veiviser.app.answerers import parse_llm_choice
        from veiviser.backends.rerankers import make_reranker
        from veiviser.evaluation.dataset import load_norquad, load_questions, split_for_abstention
        from veiviser.evaluation.report import check_thresholds, load_thresholds, to_markdown
        from veiviser.evaluation.runner import corpus_files, evaluate, evaluate_norquad_answers, prepared_index

        if routines is not None:  # the audit evaluation lives with the audit command
            from veiviser.cli.cmd_audit import run_routine_eval

            run_routine_eval(
                build_settings(), routines, split=split, json_out=json_out, out=out, decision=audit_decision
            )
            return
        if (questions is None) == (norquad is None):
            fail("Give either --questions FILE --corpus DIR, or --norquad FILE.", code=2)
        if questions is not None and corpus is None:
            fail("--questions needs --corpus DIR (the documents the questions are about).", code=2)
        answer_mode = "abstention" if norquad_abstention else "answers" if norquad_answers else ""
        if answer_mode:
            if norquad is None:
                fail("--answers and --abstention evaluate NorQuAD answers: give --norquad FILE.", code=2)
            if norquad_answers and norquad_abstention:
                fail("Give --answers or --abstention, not both (they index different contexts).", code=2)
            if no_answers or llm:
                fail(f"--{answer_mode} measures the extractive answerer; leave out --no-answers and --llm.", code=2)
        settings = build_settings()
        dataset = "questions" if questions is not None else "norquad"
        if llm:
            settings = parse_llm_choice(llm, settings)
        minimums = load_thresholds(thresholds, dataset) if thresholds else {}
        answer_minimums = load_thresholds(thresholds, "norquad_answers") if thresholds and answer_mode else {}
        reranker = make_reranker(settings)  # a model that does not load fails before indexing
        contexts: dict[str, int] = {}  # NorQuAD: contexts in the file and indexed
        if questions is not None:
            items = load_questions(questions)
            files = corpus_files(corpus)
            documents: list[LoadedDocument] = []
            if with_kb:
                from veiviser.kb.documents import kb_documents
                from veiviser.kb.loader import load_kb

                documents = kb_documents(load_kb(settings.kb_dir))
            if split:
                items = [q for q in items if q.split == split]
                if not items:
                    fail(f"No question in {questions} has split {split!r}.", code=2)
        else:
            documents, items = load_norquad(norquad)
            files = []
            contexts = {"total": len(documents), "indexed": len(documents)}
            if answer_mode == "abstention":
                documents, items = split_for_abstention(documents, items)
                contexts["indexed"] = len(documents)
        if limit:
            items = items[:limit]
        flags = {
            "recall_at_5": min_recall_at_5,
            "mrr": min_mrr,
            "ndcg_at_10": min_ndcg_at_10,
            "answered_rate": min_answered_rate,
            "abstention_recall": min_abstention_recall,
            "citation_validity": min_citation_validity,
            "answer_contains_evidence": min_answer_contains_evidence,
        }
        if answer_mode:  # the answer minimums on the command line are about these answers
            for name in ("answered_rate", "abstention_recall"):
                value = flags.pop(name)
                if value is not None:
                    answer_minimums[name] = value
        minimums.update({name: value for name, value in flags.items() if value is not None})
        if answer_mode:
            answerable = sum(1 for q in items if q.answerable)
            err_console.print(
                f"[dim]NorQuAD {answer_mode}: {contexts['indexed']} of {contexts['total']} contexts indexed; "
                f"{answerable} answerable, {len(items) - answerable} unanswerable questions[/]"
            )

        def progress(done: int, total: int) -> None:
            if done == total or done % 10 == 0:
                err_console.print(f"[dim]{done}/{total} questions[/]")

        with prepared_index(settings, files, documents, index) as (run_settings, info):
            err_console.print(f"[dim]index ready: {info['chunks']} chunks ({info['ingest_seconds']} s)[/]")
            if answer_mode:
                run = evaluate_norquad_answers(
                    run_settings,
                    items,
                    mode=answer_mode,
                    k=k,
                    contexts=contexts,
                    progress=progress,
                    reranker=reranker,
                )
            else:
                run = evaluate(
                    run_settings,
                    items,
                    k=k,
                    with_answers=not no_answers and dataset == "questions",
                    by_document=dataset == "norquad",
                    progress=progress,
                    reranker=reranker,
                )
            run.index = info
            calibration = None
            if calibrate and dataset == "questions":
                from veiviser.evaluation.calibration import calibrate as run_calibration

                err_console.print("[dim]calibration sweeps...[/]")
                calibration = run_calibration(run_settings, items)
        summary = run.summary()
        if calibration:
            summary["calibration"] = calibration
        if answer_mode and summary["norquad_answers"].get("curve"):
            if out is not None:
                from veiviser.evaluation.plot import write_abstention_curve

                png = write_abstention_curve(run.outcomes, out.with_name(f"{out.stem}-abstention.png"))
                summary["norquad_answers"]["curve_png"] = str(png)
            else:
                err_console.print("[dim]give --out FILE to also get the trade-off curve as a PNG beside it[/]")
        shortfalls = None
        if minimums or answer_minimums:
            shortfalls = check_thresholds(summary, minimums) + check_thresholds(
                summary, answer_minimums, "norquad_answers"
            )
        markdown = to_markdown(summary, shortfalls)
        if out is not None:
            out.write_text(markdown, encoding="utf-8")
            if json_out is False:
                err_console.print(f"report written to {out}")
        if json_out:
            summary["shortfalls"] = [str(s) for s in shortfalls or []]
            print_json(summary)
        elif out is None:
            typer.echo(markdown)
        if shortfalls:
            for s in shortfalls:
                err_console.print(f"[bold red]below threshold:[/] {s}")
            raise typer.Exit(1)
