# One entry point. `make test` and `make run` set everything up on a fresh machine first.
CORE := .venv-core/bin/python
RASA := .venv-rasa/bin/python
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: setup test lint run run-cluster build build-full refresh bench bench-assistant bench-cluster eval eval-questions eval-generated eval-rest clean

setup:
	@scripts/bootstrap.sh all

lint: setup
	$(CORE) -m ruff check bot actions launcher rasa_extensions rasa_sdk_plugins tests benchmarks
	$(CORE) -m ruff format --check bot actions launcher rasa_extensions rasa_sdk_plugins tests benchmarks

test: setup
	$(CORE) -m ruff check bot actions launcher rasa_extensions rasa_sdk_plugins tests benchmarks
	$(CORE) -m pytest -q

build: setup
	$(CORE) -m bot build

build-full: setup
	$(CORE) -m bot build --full

# Fetches the live catalogue (Skills England API, ONISEP open data) into var/catalogue and rebuilds what changed;
# a running assistant picks the new index up between turns. STANDARDS_API_URL etc. override the sources.
refresh: setup
	$(CORE) -m bot refresh --build

# FULL=1 answers from the full catalogues in ../shared/data instead of the bundled corpus.
run: setup
	$(CORE) -m launcher run $(if $(FULL),--full,)

# Rasa's distributed parts on this machine: PostgreSQL, Redis, REPLICAS Rasa servers, ACTIONS action servers and
# nginx in front on the same ports as `make run` (launcher/cluster.py). Conversations persist in var/cluster.
REPLICAS ?= 2
ACTIONS ?= 1
run-cluster: setup
	$(CORE) -m launcher cluster --replicas $(REPLICAS) --actions $(ACTIONS) $(if $(FULL),--full,)

bench: setup
	$(CORE) benchmarks/bench_core.py

bench-assistant: setup
	$(CORE) benchmarks/bench_assistant.py

bench-cluster: setup
	$(CORE) benchmarks/bench_cluster.py

eval: setup
	$(CORE) benchmarks/eval_devset.py --misses

# The question sets in-process: the tuning sets (tuned on) and the frozen held-out sets.
eval-questions: setup
	for set in dev dev2 dev3 dev4 dev5 dev6 dev7 dev8 dev9 dev10 dev11 dev12 dev13 dev14 dev15 dev_conv dev_conv_fr dev_conv3 dev_find2 dev_reverse2 dev_french dev_french3 dev_reverse dev_find heldout heldout2 heldout_conv heldout_conv2 heldout_find; do \
		$(CORE) benchmarks/eval_questions.py --set $$set || exit 1; done

# Generated families over every approved standard (typos in titles, own-words topics, fact words inside topics).
eval-generated: setup
	$(CORE) benchmarks/eval_generated.py

# The held-out sets end to end through the REST webhook of the real servers (full catalogue), with latency.
eval-rest: setup
	for set in heldout heldout2 heldout_conv heldout_conv2 heldout_find; do \
		$(CORE) benchmarks/eval_questions.py --set $$set --via rest || exit 1; done

clean:
	rm -rf knowledge/build .pytest_cache .ruff_cache
